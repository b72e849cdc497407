#!/usr/bin/env python3
"""`zerenzhi serve` on a corpus: time from saving one record to the reload
event, and to the record's page and the year's dossier (every record of the
year on one page) showing the change, median of RUNS saves.

    python3 bench/serve.py /dev/shm/zerenzhi-bench/records-10000 [RUNS]
"""
import glob, os, re, socket, statistics, subprocess, sys, time

records = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
server = subprocess.Popen(
    [os.environ.get("ZZ", "target/release/zerenzhi"), "serve", "--port", "0", "--as-of", "2026-12-31", "--records", records],
    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
lines = []
for line in server.stdout:
    lines.append(line.strip())
    m = re.search(r"127\.0\.0\.1:(\d+)/", line)
    if m:
        port = int(m.group(1))
        break
print("first build:", lines[0])
events = socket.create_connection(("127.0.0.1", port))
events.sendall(f"GET /__zerenzhi/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
reader = events.makefile("rb")
while reader.readline() not in (b"\r\n", b""):
    pass

def wait_reload():
    while True:
        line = reader.readline()
        if line.strip() == b"event: reload":
            return

def get(path):
    """The page at `path`, as the browser reloads it."""
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(f"GET /{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := s.recv(1 << 16):
            chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")

target = sorted(glob.glob(os.path.join(records, "*", "*", "*.md")))[len(sys.argv[1]) % 97]
original = open(target, encoding="utf-8").read()
rel = os.path.relpath(target, records)
page = "records/" + rel[: -len(".md")] + ".html"
dossier = rel.split("/")[0] + "/dossier.html"
reload, shown, whole = [], [], []
try:
    for i in range(runs):
        mark = f"（第{i}次修改）"
        text = original.replace("title = \"", f"title = \"{mark}", 1)
        start = time.perf_counter()
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        wait_reload()
        reload.append(time.perf_counter() - start)
        assert mark in get(page), "the record's page does not show the change"
        shown.append(time.perf_counter() - start)
        assert mark in get(dossier), "the dossier does not show the change"
        whole.append(time.perf_counter() - start)
        time.sleep(0.3)
finally:
    open(target, "w", encoding="utf-8").write(original)
    server.terminate()
for name, times in [("reload event", reload), ("record page shows it", shown), ("then the dossier", whole)]:
    print(f"save → {name}: median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms over {runs} saves")
print("(each includes the quiet moment that groups a burst of saves: 10 ms after the file is closed)")
