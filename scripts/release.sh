#!/usr/bin/env bash
# Builds the release `tdsync` that scripts/package-deb.sh ships, in its own scratch path
# (.build-release) so it never invalidates the debug build in .build.
#
# Linking: the Swift runtime and Foundation are linked in (--static-swift-stdlib), so the
# binary needs nothing from the toolchain (/opt/swift). A fully static binary would need the
# Static Linux SDK (`swift sdk list`: none is installed here, and none can be fetched); even
# with one, GRDB links the system libsqlite3, which that SDK's musl sysroot lacks. So the C
# libraries stay dynamic and come from Debian 12: libc, libsqlite3, libstdc++, libgcc_s, zlib,
# and libxml2 (Foundation's XML parser, which brings ICU 72 and liblzma); package-deb.sh turns ldd's
# list into the package's Depends:.
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
# Start-up time, which every CLI command pays: 20 runs of --help.
TIMEFORMAT="release: 20 × tdsync --help in %R s"
time (for _ in $(seq 20); do "$binary" --help > /dev/null; done) 2>&1 >&2 | cat >&2
# The last line is the binary's directory, for scripts that call this one.
echo "$bin_dir"
