#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback, for benchmarks and tests.
#   scripts/pg-temp.sh start DIR PORT [extra postgres -c settings…]   # initdb + start; trust auth, user postgres
#   scripts/pg-temp.sh stop DIR                                       # stop it (DIR stays; delete it yourself)
# Runs as the current user, or as `nobody` when started by root (PostgreSQL refuses to run as root).
# Needs Debian's `postgresql` package (initdb, pg_ctl); exits 3 with a note when it is missing.
# With PG_TEMP_WATCH_PID set, the cluster stops and DIR is deleted once that process has exited
# (tests start one for their process and cannot be relied on to stop it).
set -euo pipefail
command="${1:-}"; dir="${2:-}"
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start DIR PORT [-c setting=value…] | stop DIR" >&2; exit 2; }

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -z "$bin" ] && command -v pg_ctl >/dev/null && bin=$(dirname "$(command -v pg_ctl)")
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "pg-temp: PostgreSQL server not found (apt-get install postgresql)" >&2; exit 3; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

# Close descriptors inherited from the caller (a test process's pipes and sockets), so the
# long-lived server does not keep them open after the caller is done with them.
for fd in $(ls /proc/$$/fd 2>/dev/null); do
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
done

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
    if [ -n "${PG_TEMP_WATCH_PID:-}" ]; then
        watched="$PG_TEMP_WATCH_PID"
        nohup setsid bash -c "while kill -0 $watched 2>/dev/null; do sleep 1; done
            $(declare -f as_owner); as_owner '$bin/pg_ctl' -D '$dir/data' -m immediate -w -t 60 stop >/dev/null 2>&1; rm -rf '$dir'" \
            >/dev/null 2>&1 </dev/null &
    fi
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    ;;
*)
    echo "pg-temp: unknown command '$command' (start or stop)" >&2; exit 2
    ;;
esac
