#!/usr/bin/env python3
"""Keep-alive requests to `zerenzhi serve`: the time of each request on one
connection. Without TCP_NODELAY every request after the first waited for
the peer's delayed ACK (about 40 ms).

    python3 bench/keepalive.py [ZERENZHI] [RECORDS]
"""
import http.client
import statistics
import subprocess
import sys
import time

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/zerenzhi"
records = sys.argv[2] if len(sys.argv) > 2 else "records"
port = 18_099
server = subprocess.Popen(
    [binary, "serve", "--port", str(port), "--as-of", "2026-11-26", "--records", records],
    stdout=subprocess.PIPE,
    stderr=subprocess.DEVNULL,
    text=True,
)
try:
    for line in server.stdout:
        if "127.0.0.1:" in line:
            break
    connection = http.client.HTTPConnection("127.0.0.1", port)
    times = []
    for _ in range(21):
        start = time.perf_counter()
        connection.request("GET", "/2026/index.html", headers={"Host": f"127.0.0.1:{port}"})
        response = connection.getresponse()
        response.read()
        times.append((time.perf_counter() - start) * 1000)
    later = times[1:]
    print(f"first request {times[0]:.1f} ms; the next 20 on the same connection: "
          f"median {statistics.median(later):.1f} ms, max {max(later):.1f} ms")
finally:
    server.terminate()
    server.wait()
