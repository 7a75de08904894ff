"""Peer: Kinto (Mozilla's JSON sync store), on loopback, memory backend.

Starts `kinto start` with basic auth and a batch limit of --batch requests, creates the records
through /v1/batch (--batch records per request, as tdsync pushes), then a second client reads
them back page by page (--batch per page, as tdsync pulls). The memory backend keeps nothing on
disk, so these figures are Kinto's best case (its PostgreSQL backend is slower).
usage: kinto_peer.py --rows FILE --dir DIR [--batch N]
"""
import argparse
import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time

from common import COLUMNS, answer, figure, read_rows, skip

parser = argparse.ArgumentParser()
parser.add_argument("--rows", required=True)
parser.add_argument("--dir", required=True)
parser.add_argument("--batch", type=int, default=1000)
args = parser.parse_args()

kinto = shutil.which("kinto")
if kinto is None:
    skip("kinto", "kinto is not installed (pip install kinto)")

rows = read_rows(args.rows)
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
ini = os.path.join(args.dir, "kinto.ini")
subprocess.run([kinto, "init", "--ini", ini, "--backend", "memory", "--cache-backend", "memory"],
               input="", capture_output=True, text=True, check=True)
with open(ini, encoding="utf-8") as f:
    config = f.read()
config = re.sub(r"(?m)^multiauth\.policies = .*$", "multiauth.policies = basicauth", config)
config = re.sub(r"(?m)^kinto\.bucket_create_principals = .*$", "kinto.bucket_create_principals = system.Authenticated", config)
config = re.sub(r"(?m)^# kinto\.batch_max_requests = .*$", f"kinto.batch_max_requests = {args.batch}", config)
with open(ini, "w", encoding="utf-8") as f:
    f.write(config)

server = subprocess.Popen([kinto, "start", "--ini", ini, "--port", str(port), "-q"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def client(user):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    auth = "Basic " + base64.b64encode(f"{user}:secret".encode()).decode()

    def request(method, path, body=None):
        headers = {"Authorization": auth, "Content-Type": "application/json"}
        connection.request(method, path, body=None if body is None else json.dumps(body, ensure_ascii=False).encode(), headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.status >= 300:
            raise SystemExit(f"kinto: {method} {path} answered {response.status}: {data[:200]!r}")
        return response, json.loads(data) if data else None
    return request


try:
    push = client("province")
    deadline = time.time() + 60
    while True:
        try:
            push("GET", "/v1/")
            break
        except (ConnectionError, OSError):
            if time.time() > deadline:
                raise SystemExit("kinto: the server did not start within 60 s")
            time.sleep(0.1)
            push = client("province")
    push("PUT", "/v1/buckets/bench", {"permissions": {"read": ["system.Authenticated"]}})
    push("PUT", "/v1/buckets/bench/collections/nominations", {})
    path = "/v1/buckets/bench/collections/nominations/records"

    start = time.perf_counter()
    for i in range(0, len(rows), args.batch):
        requests = [{"path": f"{path}/{row[0]}", "body": {"data": dict(zip(COLUMNS[1:], row[1:]))}}
                    for row in rows[i:i + args.batch]]
        _, result = push("POST", "/v1/batch", {"defaults": {"method": "PUT"}, "requests": requests})
        failed = [r for r in result["responses"] if r["status"] >= 300]
        if failed:
            raise SystemExit(f"kinto: {len(failed)} records refused, e.g. {failed[0]}")
    pushed = time.perf_counter()

    pull = client("board")
    received, next_path = 0, f"{path}?_limit={args.batch}&_sort=last_modified"
    while next_path:
        response, page = pull("GET", next_path)
        received += len(page["data"])
        next_page = response.getheader("Next-Page")
        next_path = next_page[next_page.index("/v1/"):] if next_page else None
    pulled = time.perf_counter()
    if received != len(rows):
        raise SystemExit(f"kinto: the second client read {received} records, not {len(rows)}")
    _, info = push("GET", "/v1/")
finally:
    # `kinto start` may leave its server in a child process: stop the whole group.
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()

answer("kinto", [
    figure("peers.kinto.push", "Kinto: push through /v1/batch", len(rows), pushed - start,
           "PUT of each record, --batch per batch request, memory backend"),
    figure("peers.kinto.pull", "Kinto: pull by a second client", len(rows), pulled - pushed,
           "GET pages of --batch records, following Next-Page"),
    figure("peers.kinto.endToEnd", "Kinto: push + pull", len(rows), pulled - start, "both of the above"),
], f"Kinto {info.get('project_version', '?')}")
