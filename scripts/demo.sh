#!/usr/bin/env bash
# The main job on the embedded default: real SQLite replica files for a province office (Hà Nội)
# and the central board, nominations written offline, exchanged file to file (the hub comes
# next), a concurrent edit kept as a conflict, resolved, and both replicas proved identical.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product tdsync >/dev/null
tdsync() { .build/debug/tdsync "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
hn="$work/hn.sqlite"; board="$work/board.sqlite"
step() { printf '\n== %s\n' "$*"; }

step "Create the replicas of the Hà Nội office and of the central board"
tdsync init --db "$hn" --node hn-office --role province --scope hn
tdsync init --db "$board" --node board --role board

step "The Hà Nội office records nominations while offline"
tdsync nomination add --db "$hn" --id hn-2025-001 --nominee "Nguyễn Văn An" --kind individual \
    --year 2025 --title CSTDCS --achievements "Hoàn thành xuất sắc nhiệm vụ; sáng kiến cấp cơ sở" --status submitted
tdsync nomination add --db "$hn" --id hn-2025-002 --nominee "Phòng Quản lý Thương mại" --kind collective \
    --year 2025 --award BK_BO --status submitted
tdsync nomination list --db "$hn"

step "A title code cannot go where an award form belongs (kept apart)"
tdsync nomination add --db "$hn" --nominee "Lê Thị Cúc" --kind individual --year 2025 --award CSTDCS \
    && { echo "demo: a title was accepted as an award form" >&2; exit 1; } || true

step "The board takes the province's changes and decides one nomination"
tdsync merge --db "$board" --from "$hn"
tdsync nomination edit hn-2025-002 --db "$board" --board-status approved \
    --decision-number "125/QĐ-BCT" --decision-date 2025-12-01 --decision-authority "Bộ trưởng Bộ Công Thương"

step "Meanwhile both sides edit the achievements of hn-2025-001"
tdsync nomination edit hn-2025-001 --db "$hn" --achievements "Sáng kiến được công nhận cấp tỉnh"
tdsync nomination edit hn-2025-001 --db "$board" --achievements "Đã thẩm định: sáng kiến cấp cơ sở"

step "Exchange both ways: the concurrent edit is kept as a conflict, nothing is overwritten"
tdsync merge --db "$hn" --from "$board"
tdsync merge --db "$board" --from "$hn"
tdsync conflicts --db "$hn"

step "The province resolves it; the resolution spreads like any write"
tdsync resolve --db "$hn" --id hn-2025-001 --field achievements --value "Sáng kiến được công nhận cấp tỉnh (đã thẩm định)"
tdsync merge --db "$board" --from "$hn"
tdsync nomination list --db "$board"

step "Both replicas hold identical data (canonical exports)"
a=$(tdsync export --db "$hn" | sha256sum); b=$(tdsync export --db "$board" | sha256sum)
echo "hn:    $a"; echo "board: $b"
[ "$a" = "$b" ] || { echo "demo: replicas differ" >&2; exit 1; }

if command -v sqlite3 >/dev/null; then
    step "The typed table, queried with plain sqlite3"
    sqlite3 -header -column "$board" "SELECT id, nominee_name, board_status, decision_number FROM nominations ORDER BY id"
fi
echo; echo "demo: done"
