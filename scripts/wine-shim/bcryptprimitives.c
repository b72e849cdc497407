/* For the smoke test under Wine 8 (Debian 12) only, never shipped: Rust's
 * standard library asks Windows 10+ for random bytes with ProcessPrng from
 * bcryptprimitives.dll, which Wine added in 9.0. This stand-in answers from
 * RtlGenRandom (advapi32's SystemFunction036), which Wine 8 has. */
#include <windows.h>
typedef BOOLEAN (WINAPI *gen_t)(PVOID, ULONG);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    static gen_t gen;
    if (!gen) gen = (gen_t)GetProcAddress(LoadLibraryA("advapi32.dll"), "SystemFunction036");
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!gen || !gen(data, chunk)) return FALSE;
        data += chunk; len -= chunk;
    }
    return TRUE;
}
