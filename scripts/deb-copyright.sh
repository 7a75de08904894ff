#!/usr/bin/env bash
# Writes the Debian package's copyright file into DOC_DIR: tdsync's own terms, then each Swift
# package that is linked into the binary (statically, so their licences travel with it), whose
# licence and notice files are copied into DOC_DIR/licenses/PACKAGE/.
# Usage: scripts/deb-copyright.sh CHECKOUTS_DIR DOC_DIR
set -euo pipefail
checkouts=$1; doc=$2

{
    cat <<'HEAD'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: tdsync

Files: *
Copyright: the tdsync maintainers
License: none-stated
 The tdsync source tree does not state a licence yet; until it does, all
 rights are reserved by its authors.

Files: (linked into /usr/lib/tdsync/tdsync) the Swift standard library, Foundation
Copyright: Apple Inc. and the Swift project authors
License: Apache-2.0 with Runtime Library Exception
 See https://swift.org/LICENSE.txt; the Apache-2.0 text is in
 /usr/share/common-licenses/Apache-2.0.

Files: (linked into /usr/lib/tdsync/tdsync) ICU 76, inside Foundation (_FoundationICU)
Copyright: Unicode, Inc. and others
License: Unicode-3.0
 See https://www.unicode.org/license.txt.
HEAD
    for dir in "$checkouts"/*/; do
        name=$(basename "$dir")
        # Build-time tools only (documentation), not linked into tdsync.
        case "$name" in swift-docc-plugin|swift-docc-symbolkit) continue ;; esac
        files=$(find "$dir" -maxdepth 1 -type f \( -iname 'LICENSE*' -o -iname 'NOTICE*' -o -iname 'COPYING*' \) | sort)
        [ -n "$files" ] || { echo "deb-copyright: $name has no licence file" >&2; exit 1; }
        install -d "$doc/licenses/$name"
        # shellcheck disable=SC2086 # one path a line, none with spaces
        install -m 644 $files "$doc/licenses/$name/"
        licence=$(head -c 4000 $files | grep -o -m1 -E 'Apache License|MIT License|Permission is hereby granted|BSD' || true)
        case "$licence" in
            "Apache License") licence="Apache-2.0 (/usr/share/common-licenses/Apache-2.0)" ;;
            "MIT License"|"Permission is hereby granted") licence="MIT" ;;
            "") licence="see the file" ;;
        esac
        printf '\nFiles: (linked into /usr/lib/tdsync/tdsync) %s\nLicense: %s\n See /usr/share/doc/tdsync/licenses/%s/.\n' "$name" "$licence" "$name"
    done
} > "$doc/copyright"
chmod 644 "$doc/copyright"
