#!/usr/bin/env bash
# The Debian package tested as an operator would use it, on this machine (CI: a fresh Debian 12):
# build it, install it with apt-get, run the installed binary with the Swift toolchain out of
# reach, start the hub and an office's daemon (with systemd when it runs here, else the units'
# own ExecStart lines as the tdsync user), sync records through the daemon to the hub, upgrade
# to a higher version and check nothing was lost, then remove (data kept) and purge (data gone).
# Needs root (or sudo); installs and purges the tdsync package, so it refuses to run where
# tdsync is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then
        SUDO="sudo"
    elif [ "${CI:-}" = true ]; then
        echo "test-package: CI must run this as root or with sudo" >&2; exit 1
    else
        echo "test-package: SKIPPED: installing a package needs root or password-less sudo"; exit 0
    fi
fi
if dpkg -s tdsync >/dev/null 2>&1; then
    echo "test-package: tdsync is already installed here; the test would purge it (and /var/lib/tdsync)" >&2
    exit 1
fi
for tool in curl apt-get runuser setpriv sqlite3; do
    command -v "$tool" >/dev/null || { echo "test-package: needs $tool" >&2; exit 1; }
done

work=$(mktemp -d)
chmod 755 "$work"
pids=()
step() { printf '\n== test-package: %s\n' "$*"; }
fail() { echo "test-package: FAILED: $*" >&2; exit 1; }

# What an operator's shell has: no Swift toolchain on PATH, nothing from this build's environment.
clean_path=/usr/sbin:/usr/bin:/sbin:/bin
clean() { $SUDO env -i PATH=$clean_path LANG=C.UTF-8 "$@"; }
as_tdsync() { clean runuser -u tdsync -- "$@"; }
apt_get() {  # apt-get, without dpkg's progress counter (one long line per run in a log)
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@" | sed '/^(Reading database/d'
}
# confold: an operator's /etc/default/tdsync is kept (no question asked without a terminal).
apt_install() { apt_get install -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"; }

# The release build's own resources folder, moved aside while the installed app runs, to prove
# the package's copy is the one used (Bundle.module, which the app avoids on Linux, would fall
# back to this absolute build path).
resources=$(swift build -c release --static-swift-stdlib --scratch-path .build-release --show-bin-path)/tdsync_WebApp.resources

stop_services() {
    if [ -d /run/systemd/system ]; then
        $SUDO systemctl stop tdsync-app tdsync-daemon tdsync-hub 2>/dev/null || true
    fi
    for pid in "${pids[@]}"; do $SUDO kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 300); do $SUDO kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if $SUDO kill -KILL "$pid" 2>/dev/null; then echo "test-package: $pid did not stop on SIGTERM in 30 s" >&2; fi
    done
    pids=()
}
cleanup() {
    stop_services
    if dpkg -s tdsync >/dev/null 2>&1; then
        apt_get purge tdsync >/dev/null || true
    fi
    [ -d "$resources.aside" ] && mv "$resources.aside" "$resources"
    rm -rf "$work"
}
trap cleanup EXIT

# Starts a unit: with systemd, systemctl; without it, the unit's ExecStart with the unit's
# Environment= defaults and /etc/default/tdsync, as the unit's user, its output in a log.
start_unit() {
    local unit=$1 file=/lib/systemd/system/$1.service
    if [ -d /run/systemd/system ]; then
        $SUDO systemctl start "$unit"
        return
    fi
    local exec env
    exec=$(sed -n 's/^ExecStart=//p' "$file")
    env=$(sed -n 's/^Environment="\(.*\)"$/\1/p' "$file")
    grep -qx 'User=tdsync' "$file" || fail "$unit does not run as tdsync"
    # Expanded as systemd does here: unbraced $VAR split into words. setpriv (not runuser,
    # which stays as a parent and SIGKILLs its child 2 s after a SIGTERM) becomes the service.
    # shellcheck disable=SC2016
    $SUDO env -i PATH=$clean_path LANG=C.UTF-8 "$env" bash -c \
        'set -a; . /etc/default/tdsync; set +a
         eval "exec setpriv --reuid=tdsync --regid=tdsync --init-groups -- $0"' "$exec" \
        > "$work/$unit.log" 2>&1 < /dev/null &
    pids+=($!)
}
# The log of a unit started by start_unit.
unit_log() {
    if [ -d /run/systemd/system ]; then
        $SUDO journalctl -q -u "$1" --no-pager -o cat
    else
        cat "$work/$1.log"
    fi
}
wait_for() {  # DESCRIPTION COMMAND…: retries COMMAND for 30 s
    local what=$1; shift
    for _ in $(seq 300); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    fail "$what (30 s)"
}
free_port() {  # a port nothing answers on, from a range the kernel does not hand out by itself
    local port
    for port in $(shuf -i 20000-30000 -n 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
    fail "no free port"
}

step "build the package"
version=$(cat VERSION)
deb=$(scripts/package-deb.sh --fast --out "$work" | tail -1)
ls -l "$deb"

step "install it with apt-get"
apt_install "$deb"
[ -x /usr/bin/tdsync ] || fail "/usr/bin/tdsync was not installed"
getent passwd tdsync >/dev/null || fail "postinst made no tdsync user"
[ "$(stat -c %U /var/lib/tdsync)" = tdsync ] || fail "/var/lib/tdsync is not the tdsync user's"
for unit in tdsync-hub tdsync-daemon tdsync-app; do
    [ -f /lib/systemd/system/$unit.service ] || fail "$unit.service not installed"
    [ ! -e /etc/systemd/system/multi-user.target.wants/$unit.service ] || fail "$unit is enabled at install"
done
[ -s /usr/share/man/man1/tdsync.1.gz ] && [ -s /usr/share/bash-completion/completions/tdsync ] \
    || fail "the man page or the completions are missing"

step "the installed binary needs no Swift toolchain"
clean sh -c 'command -v swift' && fail "swift is on the operator's PATH; the toolchain is not hidden"
ldd /usr/lib/tdsync/tdsync
ldd /usr/lib/tdsync/tdsync | grep -q '/opt/swift\|not found' && fail "the binary needs libraries from outside Debian"
[ "$(clean /usr/bin/tdsync --version)" = "$version" ] || fail "tdsync --version does not say $version"
clean tdsync --help > /dev/null
mv "$resources" "$resources.aside"

step "start the hub (tdsync-hub.service)"
hub_port=$(free_port)
$SUDO sed -i "s/^TDSYNC_HUB_OPTS=.*/TDSYNC_HUB_OPTS=\"--data \/var\/lib\/tdsync\/hub --host 127.0.0.1 --port $hub_port\"/" /etc/default/tdsync
hub=http://127.0.0.1:$hub_port
start_unit tdsync-hub
wait_for "the hub did not answer /healthz" curl -fsS "$hub/healthz"
[ "$(stat -c %U /var/lib/tdsync/hub/hub.sqlite)" = tdsync ] || fail "the hub's data is not the tdsync user's"
office_token=$(as_tdsync tdsync hub add-node dn-sct --data /var/lib/tdsync/hub --role province --scope dn)
board_token=$(as_tdsync tdsync hub add-node board --data /var/lib/tdsync/hub --role board)

step "make an office node (README.Debian) and start its daemon (tdsync-daemon.service)"
replica=/var/lib/tdsync/replica.sqlite
as_tdsync tdsync init --db $replica --node dn-sct --hub "$hub" --token "$office_token"
start_unit tdsync-daemon
add_nomination() {
    as_tdsync tdsync nomination add --db $replica --id "$1" --nominee "Nguyễn Thị $1" --kind individual \
        --year 2025 --title CSTDCS 2>/dev/null
}
for n in 1 2 3; do add_nomination "dn-2025-000$n"; done
outbox_empty() { as_tdsync tdsync status --db $replica --json | grep -q '"outbox" : 0'; }
wait_for "the daemon did not push the office's records" outbox_empty

step "the hub has them: a board replica syncs them down"
board=$work/board.sqlite
clean tdsync init --db "$board" --node board --hub "$hub" --token "$board_token"
clean tdsync sync --db "$board"
count() { clean tdsync nomination list --db "$1" --json | grep -c '"id" : "dn-2025-'; }
[ "$(count "$board")" = 3 ] || fail "the board has $(count "$board") of the office's 3 nominations"

step "the web app (tdsync-app.service) serves its pages from the installed resources"
app_port=$(free_port)
$SUDO sed -i "s/^TDSYNC_APP_OPTS=.*/TDSYNC_APP_OPTS=\"--db \/var\/lib\/tdsync\/replica.sqlite --host 127.0.0.1 --port $app_port\"/" /etc/default/tdsync
start_unit tdsync-app
app_url() { unit_log tdsync-app | grep -o "http://127.0.0.1:$app_port/?token=[0-9a-f]*" | tail -1 | grep .; }
wait_for "the app printed no address" app_url
url=$(app_url)
curl -fsS -c "$work/jar" -b "$work/jar" -L "$url" -o "$work/page.html" || fail "the app's page: $(unit_log tdsync-app)"
grep -q "Nguyễn Thị dn-2025-0001" "$work/page.html" || fail "the app's page does not list the office's nominations"
curl -fsS -b "$work/jar" "http://127.0.0.1:$app_port/static/app.css" -o /dev/null || fail "the app's stylesheet"

step "upgrade to a higher version: nothing is lost"
export_of() { as_tdsync tdsync export --db "$1" | sha256sum; }
office_before=$(export_of $replica)
# The registry without its last-seen times, which the restarted daemon moves on.
registry() { as_tdsync tdsync hub list-nodes --data /var/lib/tdsync/hub --json | grep -v '"last_seen'; }
registry_before=$(registry)
# The hub's records, read with sqlite3 beside the running hub (WAL): how many, and the last seq.
hub_records() { clean sqlite3 -readonly /var/lib/tdsync/hub/hub.sqlite 'SELECT count(*), max(seq) FROM _records'; }
hub_records_before=$(hub_records)
deb2=$(scripts/package-deb.sh --fast --version "$version+test1" --out "$work" | tail -1)
apt_install "$deb2"
[ "$(dpkg-query -W -f '${Version}' tdsync)" = "$version+test1" ] || fail "the upgrade did not install"
if [ ! -d /run/systemd/system ]; then
    # postinst's try-restart, by hand: the processes started here are not systemd's.
    stop_services
    start_unit tdsync-hub
    wait_for "the upgraded hub did not answer" curl -fsS "$hub/healthz"
    start_unit tdsync-daemon
fi
grep -q -- "--port $hub_port" /etc/default/tdsync || fail "the upgrade replaced /etc/default/tdsync"
[ "$(export_of $replica)" = "$office_before" ] || fail "the office's replica changed in the upgrade"
[ "$(registry)" = "$registry_before" ] || fail "the hub's registry changed in the upgrade"
[ "$(hub_records)" = "$hub_records_before" ] || fail "the hub's records changed in the upgrade: $(hub_records), were $hub_records_before"
add_nomination dn-2025-0004
wait_for "the upgraded daemon did not push" outbox_empty
clean tdsync sync --db "$board"
[ "$(count "$board")" = 4 ] || fail "after the upgrade the board has $(count "$board") of 4 nominations"

step "remove keeps the data; purge deletes it"
apt_get remove tdsync
stop_services   # prerm did it under systemd; the processes started here are not systemd's
[ ! -e /usr/bin/tdsync ] || fail "remove left /usr/bin/tdsync"
[ -s $replica ] && [ -s /var/lib/tdsync/hub/hub.sqlite ] || fail "remove deleted the data"
getent passwd tdsync >/dev/null || fail "remove deleted the tdsync user"
apt_get purge tdsync
[ ! -e /var/lib/tdsync ] || fail "purge left /var/lib/tdsync"
! getent passwd tdsync >/dev/null || fail "purge left the tdsync user"
[ ! -e /etc/default/tdsync ] || fail "purge left /etc/default/tdsync"

echo
echo "test-package: passed: installed $version, synced 3 records office → daemon → hub → board, upgraded to $version+test1 with nothing lost, removed (data kept), purged (data gone)"
