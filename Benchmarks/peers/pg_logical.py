"""Peer: PostgreSQL logical replication between two local clusters on loopback.

Starts two throw-away clusters (scripts/pg-temp.sh), publishes the nominations table at A and
subscribes to it at B, then times from the first insert at A until B holds every row. Inserts go
in transactions of --batch rows (COPY per transaction), synchronous_commit on, fsync on.
usage: pg_logical.py --rows FILE --dir DIR [--batch N]
"""
import argparse
import csv
import io
import os
import shutil
import socket
import subprocess
import time

from common import TABLE_SQL, answer, figure, read_rows, skip

parser = argparse.ArgumentParser()
parser.add_argument("--rows", required=True)
parser.add_argument("--dir", required=True)
parser.add_argument("--batch", type=int, default=1000)
args = parser.parse_args()

here = os.path.dirname(os.path.abspath(__file__))
pg_temp = os.path.join(here, "..", "..", "scripts", "pg-temp.sh")
if shutil.which("psql") is None:
    skip("postgres-logical", "psql not found (apt-get install postgresql)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(port, sql=None, file=None):
    command = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "postgres"]
    command += ["-f", file] if file else ["-c", sql]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


rows = read_rows(args.rows)
clusters = {name: (os.path.join(args.dir, f"pg-{name}"), free_port()) for name in ("a", "b")}
started = []
try:
    for name, (path, port) in clusters.items():
        result = subprocess.run([pg_temp, "start", path, str(port), "-c", "wal_level=logical"], capture_output=True, text=True)
        if result.returncode == 3:
            skip("postgres-logical", result.stderr.strip())
        if result.returncode != 0:
            raise SystemExit(f"postgres-logical: cluster {name} did not start: {result.stderr.strip()}")
        started.append(path)
    (_, a), (_, b) = clusters["a"], clusters["b"]
    psql(a, TABLE_SQL)
    psql(b, TABLE_SQL)
    psql(a, "CREATE PUBLICATION bench FOR TABLE nominations")
    psql(b, f"CREATE SUBSCRIPTION bench CONNECTION 'host=127.0.0.1 port={a} user=postgres dbname=postgres' PUBLICATION bench")
    deadline = time.time() + 60
    while psql(b, "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'") != "0":
        if time.time() > deadline:
            raise SystemExit("postgres-logical: the subscription did not become ready within 60 s")
        time.sleep(0.05)

    script = os.path.join(args.dir, "pg-insert.sql")
    with open(script, "w", encoding="utf-8") as f:
        for i in range(0, len(rows), args.batch):
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(rows[i:i + args.batch])
            f.write("BEGIN;\nCOPY nominations FROM STDIN (FORMAT csv);\n" + text.getvalue() + "\\.\nCOMMIT;\n")

    start = time.perf_counter()
    psql(a, file=script)
    inserted = time.perf_counter()
    deadline = time.time() + 600
    while int(psql(b, "SELECT count(*) FROM nominations")) < len(rows):
        if time.time() > deadline:
            raise SystemExit("postgres-logical: the subscriber did not catch up within 600 s")
        time.sleep(0.01)
    replicated = time.perf_counter()
    version = psql(a, "SHOW server_version")
finally:
    for path in started:
        subprocess.run([pg_temp, "stop", path], capture_output=True)
        shutil.rmtree(path, ignore_errors=True)

answer("postgres-logical", [
    figure("peers.pgLogical.insert", "PostgreSQL: insert at the publisher", len(rows), inserted - start,
           "COPY per transaction of --batch rows at A, through psql"),
    figure("peers.pgLogical.endToEnd", "PostgreSQL logical replication: A → B", len(rows), replicated - start,
           "first insert at A until B holds every row (subscriber polled every 10 ms)"),
], f"PostgreSQL {version}")
