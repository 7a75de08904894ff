#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback, for benchmarks and tests.
#   scripts/pg-temp.sh start DIR PORT [extra postgres -c settings…]   # initdb + start; trust auth, user postgres
#   scripts/pg-temp.sh stop DIR                                       # stop it (DIR stays; delete it yourself)
# Runs as the current user, or as `nobody` when started by root (PostgreSQL refuses to run as root).
# Needs Debian's `postgresql` package (initdb, pg_ctl); exits 3 with a note when it is missing.
set -euo pipefail
command="${1:-}"; dir="${2:-}"
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start DIR PORT [-c setting=value…] | stop DIR" >&2; exit 2; }

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -z "$bin" ] && command -v pg_ctl >/dev/null && bin=$(dirname "$(command -v pg_ctl)")
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "pg-temp: PostgreSQL server not found (apt-get install postgresql)" >&2; exit 3; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

case "$command" in
start)
    port="${3:?start needs a port}"; shift 3
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown nobody "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $*" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    ;;
*)
    echo "pg-temp: unknown command '$command' (start or stop)" >&2; exit 2
    ;;
esac
