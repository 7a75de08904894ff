"""Shared by the peer drivers: the rows tdsync-bench wrote, the table they go into, the answer line.

Each driver prints exactly one JSON line on standard output:
  {"peer": NAME, "figures": [{"key", "name", "records", "seconds", "timed"}], "version": TEXT}
or, when the peer is not installed here,
  {"peer": NAME, "skipped": "what is missing and how to install it"}
"""
import json
import sys

COLUMNS = ["id", "scope", "nominee_name", "nominee_kind", "unit_id", "title_code",
           "campaign_id", "year", "achievements", "status"]

TABLE_SQL = ("CREATE TABLE nominations (id TEXT PRIMARY KEY NOT NULL, scope TEXT NOT NULL, "
             "nominee_name TEXT, nominee_kind TEXT, unit_id TEXT, title_code TEXT, campaign_id TEXT, "
             "year INTEGER, achievements TEXT, status TEXT)")


def read_rows(path):
    """The nomination rows, as tuples in COLUMNS order."""
    with open(path, encoding="utf-8") as f:
        return [tuple(row[c] for c in COLUMNS) for row in map(json.loads, f)]


def answer(peer, figures, version):
    print(json.dumps({"peer": peer, "figures": figures, "version": version}, ensure_ascii=False))


def skip(peer, reason):
    print(json.dumps({"peer": peer, "skipped": reason}, ensure_ascii=False))
    sys.exit(0)


def figure(key, name, records, seconds, timed):
    return {"key": key, "name": name, "records": records, "seconds": seconds, "timed": timed}
