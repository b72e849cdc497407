#!/usr/bin/env python3
"""`zerenzhi serve` on a corpus: time from saving one record to the reload
event (the site is current again), median of RUNS saves.

    python3 bench/serve.py /dev/shm/zerenzhi-bench/records-10000 [RUNS]
"""
import glob, os, re, socket, statistics, subprocess, sys, time

records = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
server = subprocess.Popen(
    ["target/release/zerenzhi", "serve", "--port", "0", "--as-of", "2026-12-31", "--records", records],
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
events.sendall(b"GET /__zerenzhi/events HTTP/1.1\r\nHost: x\r\n\r\n")
reader = events.makefile("rb")
while reader.readline() not in (b"\r\n", b""):
    pass

def wait_reload():
    while True:
        line = reader.readline()
        if line.strip() == b"event: reload":
            return

target = sorted(glob.glob(os.path.join(records, "*", "*", "*.md")))[len(sys.argv[1]) % 97]
original = open(target, encoding="utf-8").read()
times = []
try:
    for i in range(runs):
        text = original.replace("title = \"", f"title = \"（第{i}次修改）", 1)
        start = time.perf_counter()
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        wait_reload()
        times.append(time.perf_counter() - start)
        time.sleep(0.3)
finally:
    open(target, "w", encoding="utf-8").write(original)
    server.terminate()
print(f"save → reload event: median {statistics.median(times) * 1000:.0f} ms, "
      f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms over {runs} saves "
      f"(includes the 50 ms quiet period that groups a burst of saves)")
