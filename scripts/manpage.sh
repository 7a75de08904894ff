#!/usr/bin/env bash
# Writes tdsync(1) in roff to standard output, from the binary's own help: `tdsync --help`,
# then `tdsync help SUB…` for every subcommand, found by walking each SUBCOMMANDS list.
# Why not swift-argument-parser's generate-manual plugin (it is available offline): it builds
# every product of the package again in the configuration it is given, without
# --static-swift-stdlib, which relinks the release binary dynamically; and its tool is not a
# product one can build alone. The help text is already what the man page should say.
# Usage: scripts/manpage.sh TDSYNC_BINARY VERSION
set -euo pipefail
tdsync=$1; version=$2

# roff: a backslash is written \e; a line starting with . or ' would be a request.
escape() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
# The subcommands a help text lists: the first word of each indented line under SUBCOMMANDS:.
subcommands() {
    awk '/^SUBCOMMANDS:/ { on = 1; next } on && /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }'
}
section() {  # COMMAND_WORDS…: one section with that command's help, then its subcommands'
    local help sub
    help=$("$tdsync" help "$@")
    printf '.SS "tdsync %s"\n.nf\n' "$*"
    printf '%s\n' "$help" | escape
    printf '.fi\n'
    for sub in $(printf '%s\n' "$help" | subcommands); do
        [ "$sub" = help ] || section "$@" "$sub"
    done
}

cat <<EOF
.TH TDSYNC 1 "$(date -u +%Y-%m-%d)" "tdsync $version" "User Commands"
.SH NAME
tdsync \\- offline-first sync of emulation-and-commendation records
.SH SYNOPSIS
.B tdsync
.I subcommand
.RI [ options ]
.SH DESCRIPTION
Every office keeps its own SQLite replica, works offline and exchanges changes later, through
a hub (\\fBtdsync serve\\fR) or file to file (\\fBtdsync merge\\fR). Below, the help of
every command, as \\fBtdsync help\\fR prints it.
.PP
.nf
EOF
"$tdsync" --help | escape
printf '.fi\n.SH "COMMANDS"\n'
for sub in $("$tdsync" --help | subcommands); do
    [ "$sub" = help ] || section "$sub"
done
cat <<'EOF'
.SH FILES
.TP
.I /etc/default/tdsync
options of the tdsync-hub, tdsync-daemon and tdsync-app services
.TP
.I /var/lib/tdsync
the services' data (replicas, the hub's data), owned by the tdsync user
.SH SEE ALSO
.I /usr/share/doc/tdsync/README.Debian
EOF
