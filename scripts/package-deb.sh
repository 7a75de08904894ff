#!/usr/bin/env bash
# Builds tdsync_<version>_amd64.deb with dpkg-deb alone (no debhelper): the release binary of
# scripts/release.sh and the web app's resources in /usr/lib/tdsync, /usr/bin/tdsync linking
# there, the systemd units, /etc/default/tdsync, a man page, shell completions and the docs.
# The files it ships that are not generated are in packaging/deb/.
#
# Usage: scripts/package-deb.sh [--version V] [--out DIR] [--fast]
#   --version  the package's version (default: the VERSION file); the package test builds a
#              higher one to test an upgrade
#   --out      where the .deb goes (default: this directory)
#   --fast     gzip instead of xz (a larger file, several times faster to make: the package test)
# Prints the .deb's path as its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

version=$(cat VERSION)
out=$root
compression=xz
while [ $# -gt 0 ]; do
    case "$1" in
        --version) version=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --fast) compression=gzip; shift ;;
        *) echo "package-deb: unknown argument $1 (see the comment at the top)" >&2; exit 64 ;;
    esac
done
arch=$(dpkg --print-architecture)

bin_dir=$(scripts/release.sh | tail -1)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"

# The binary and, beside it, the folder Bundle.module and Pages.load() look for (the link in
# /usr/bin is resolved first, so the resources are found from /usr/bin/tdsync too).
install -d "$stage/usr/lib/tdsync" "$stage/usr/bin"
install -m 755 "$bin_dir/tdsync" "$stage/usr/lib/tdsync/tdsync"
strip --strip-unneeded "$stage/usr/lib/tdsync/tdsync"
cp -R "$bin_dir/tdsync_WebApp.resources" "$stage/usr/lib/tdsync/"
ln -s ../lib/tdsync/tdsync "$stage/usr/bin/tdsync"
tdsync="$stage/usr/lib/tdsync/tdsync"

# Units, their options, maintainer scripts.
install -d "$stage/lib/systemd/system" "$stage/etc/default" "$stage/DEBIAN"
install -m 644 packaging/deb/tdsync-{hub,daemon,app}.service "$stage/lib/systemd/system/"
install -m 644 packaging/deb/default "$stage/etc/default/tdsync"
echo /etc/default/tdsync > "$stage/DEBIAN/conffiles"
install -m 755 packaging/deb/{postinst,prerm,postrm} "$stage/DEBIAN/"

# Shell completions, from the binary itself (swift-argument-parser).
install -d "$stage/usr/share/bash-completion/completions" "$stage/usr/share/zsh/vendor-completions" \
    "$stage/usr/share/fish/vendor_completions.d"
"$tdsync" --generate-completion-script bash > "$stage/usr/share/bash-completion/completions/tdsync"
"$tdsync" --generate-completion-script zsh > "$stage/usr/share/zsh/vendor-completions/_tdsync"
"$tdsync" --generate-completion-script fish > "$stage/usr/share/fish/vendor_completions.d/tdsync.fish"

# The man page, from --help (scripts/manpage.sh says why not the generate-manual plugin).
install -d "$stage/usr/share/man/man1"
scripts/manpage.sh "$tdsync" "$version" | gzip -9n > "$stage/usr/share/man/man1/tdsync.1.gz"

# Docs: README.Debian, the changelog (a generated entry on top for a version it lacks),
# the copyright with the licences of the packages linked into the binary.
doc="$stage/usr/share/doc/tdsync"
install -d "$doc"
install -m 644 packaging/deb/README.Debian "$doc/"
{
    if ! head -1 packaging/deb/changelog | grep -qF "($version)"; then
        printf 'tdsync (%s) unstable; urgency=medium\n\n  * Built from %s.\n\n -- %s  %s\n\n' \
            "$version" "$(git rev-parse --short HEAD 2>/dev/null || echo 'an unversioned tree')" \
            "$(sed -n 's/^Maintainer: //p' packaging/deb/control)" "$(date -R)"
    fi
    cat packaging/deb/changelog
} | gzip -9n > "$doc/changelog.gz"
scripts/deb-copyright.sh "$root/.build-release/checkouts" "$doc"

# Depends: the Debian package of each library the binary links dynamically.
depends=$(ldd "$tdsync" | awk '$3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' \
    | while read -r lib; do dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true; done \
    | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')
[ -n "$depends" ] || { echo "package-deb: found no Debian package for the binary's libraries" >&2; exit 1; }
size_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" -e "s/@SIZE@/$size_kb/" \
    packaging/deb/control > "$stage/DEBIAN/control"

# Everything root's, as dpkg expects; md5sums for debsums/dpkg --verify.
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | xargs -0 md5sum > DEBIAN/md5sums)
deb="$out/tdsync_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"$compression" --build "$stage" "$deb" >&2
echo "package-deb: $deb ($(du -h "$deb" | cut -f1)), Depends: $depends" >&2
echo "$deb"
