"""Shared by the peer drivers: the rows tdsync-bench wrote, the table they go into, the answer line.

Each driver prints exactly one JSON line on standard output:
  {"peer": NAME, "figures": [{"key", "name", "records", "seconds", "timed"}], "version": TEXT}
or, when the peer is not installed here,
  {"peer": NAME, "skipped": "what is missing and how to install it"}
"""
import json
import sys

# The columns of tdsync-bench's raw baseline (RawScenario.swift), in its table's order.
COLUMNS = ["id", "scope", "nominee_name", "nominee_kind", "unit_id", "title_code", "award_form_code",
           "campaign_id", "achievements", "status", "person_id", "year"]

TABLE_SQL = ("CREATE TABLE nominations (id TEXT PRIMARY KEY NOT NULL, scope TEXT NOT NULL, "
             "nominee_name TEXT, nominee_kind TEXT, unit_id TEXT, title_code TEXT, award_form_code TEXT, "
             "campaign_id TEXT, achievements TEXT, status TEXT, person_id TEXT, year INTEGER)")

INSERT_SQL = "INSERT INTO nominations VALUES (" + ",".join("?" * len(COLUMNS)) + ")"


def read_rows(path):
    """The nomination rows, as tuples in COLUMNS order (None for a field a row leaves out)."""
    with open(path, encoding="utf-8") as f:
        return [tuple(row.get(c) for c in COLUMNS) for row in map(json.loads, f)]


def answer(peer, figures, version):
    print(json.dumps({"peer": peer, "figures": figures, "version": version}, ensure_ascii=False))


def skip(peer, reason):
    print(json.dumps({"peer": peer, "skipped": reason}, ensure_ascii=False))
    sys.exit(0)


def figure(key, name, records, seconds, timed):
    return {"key": key, "name": name, "records": records, "seconds": seconds, "timed": timed}
