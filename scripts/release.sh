#!/usr/bin/env bash
# Builds the release `tdsync` that scripts/package-deb.sh ships, in its own scratch path
# (.build-release) so it never invalidates the debug build in .build.
#
# Linking: the Swift runtime and Foundation are linked in (--static-swift-stdlib), so the
# binary needs nothing from the toolchain (/opt/swift). A fully static binary would need a
# Static Linux SDK (`swift sdk list`); when one is installed we still do not use it, because
# GRDB links the system libsqlite3 (and AsyncHTTPClient/Foundation's networking libcurl),
# which that SDK's musl sysroot does not have. So libc, libsqlite3, libcurl, zlib and
# libstdc++ stay dynamic and come from Debian (the package's Depends: says which).
#
# Prints the binary's path, its size, and what it links dynamically (ldd).
# Usage: scripts/release.sh            (TDSYNC_RELEASE_SCRATCH overrides .build-release)
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=${TDSYNC_RELEASE_SCRATCH:-.build-release}
# nice: other builds share this machine's cores.
nice -n 10 swift build -c release --product tdsync --static-swift-stdlib --scratch-path "$scratch" >&2
bin_dir=$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)
binary="$bin_dir/tdsync"
[ -x "$binary" ] || { echo "release: no binary at $binary" >&2; exit 1; }
[ -d "$bin_dir/tdsync_WebApp.resources/Templates" ] || {
    echo "release: the web app's resources are missing from $bin_dir" >&2; exit 1; }

echo "release: $binary ($(du -h "$binary" | cut -f1), $(stat -c %s "$binary") bytes)" >&2
ldd "$binary" >&2
if ldd "$binary" | grep -q '/opt/swift\|libswiftCore\|libFoundation'; then
    echo "release: the binary still needs the Swift toolchain's libraries" >&2; exit 1
fi
# The last line is the binary's directory, for scripts that call this one.
echo "$bin_dir"
