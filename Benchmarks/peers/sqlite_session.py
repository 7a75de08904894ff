"""Peer: SQLite's session extension (through apsw), in process, no network.

Records a changeset of the inserts at database A, then applies it to database B — the closest
SQLite itself comes to replicating a batch. Both databases in WAL with synchronous=FULL, the
durability tdsync and the raw baseline use; inserts in transactions of --batch rows.
usage: sqlite_session.py --rows FILE --dir DIR [--batch N]
"""
import argparse
import os
import time

from common import INSERT_SQL, TABLE_SQL, answer, figure, read_rows, skip

parser = argparse.ArgumentParser()
parser.add_argument("--rows", required=True)
parser.add_argument("--dir", required=True)
parser.add_argument("--batch", type=int, default=1000)
args = parser.parse_args()

try:
    import apsw
except ImportError:
    skip("sqlite-session", "apsw is not installed (pip install apsw)")
if not hasattr(apsw, "Session"):
    skip("sqlite-session", f"apsw {apsw.apswversion()} has no session support (pip install -U apsw)")

rows = read_rows(args.rows)


def open_db(name):
    db = apsw.Connection(os.path.join(args.dir, name))
    db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")
    db.execute(TABLE_SQL)
    return db


source, target = open_db("session-a.sqlite"), open_db("session-b.sqlite")
insert = INSERT_SQL

start = time.perf_counter()
changesets = []
for i in range(0, len(rows), args.batch):
    session = apsw.Session(source, "main")
    session.attach("nominations")
    with source:
        source.executemany(insert, rows[i:i + args.batch])
    changesets.append(session.changeset())
    session.close()
captured = time.perf_counter()
for changeset in changesets:
    with target:
        apsw.Changeset.apply(changeset, target)
applied = time.perf_counter()

count = target.execute("SELECT count(*) FROM nominations").get
if count != len(rows):
    raise SystemExit(f"sqlite-session: B holds {count} rows, not {len(rows)}")
answer("sqlite-session", [
    figure("peers.sqliteSession.capture", "SQLite session: insert at A + changeset", len(rows), captured - start,
           "inserts at A with a session attached, one changeset per batch"),
    figure("peers.sqliteSession.apply", "SQLite session: apply changesets at B", len(rows), applied - captured,
           "Changeset.apply at B, one transaction per changeset"),
    figure("peers.sqliteSession.endToEnd", "SQLite session: A → B end to end", len(rows), applied - start,
           "capture + apply, in process, no network"),
], f"apsw {apsw.apswversion()}, SQLite {apsw.sqlite_lib_version()}")
