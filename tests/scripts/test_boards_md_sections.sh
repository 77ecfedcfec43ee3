#!/usr/bin/env bash
# test_board_dtbs.sh rewrites its table but keeps the sections other scripts generate into the
# same page between `<!-- begin NAME ... -->` and `<!-- end NAME -->` (the Calxeda one of
# docs/boards.md, which only the optional `make test-armhf-boards` can regenerate): each kept
# once, unchanged, after the table, and a second run changes nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "boards-md-sections: $*"; exit 1; }

mkdir "$work/dtbs"
cp build/fixtures/platform/qemu_virt.dtb "$work/dtbs/board.dtb"
cat >"$work/page.md" <<'MD'
stale table line
<!-- begin other: generated elsewhere -->
## Other

kept line
<!-- end other -->
stale line after the section
MD
run() { BOARD_DTBS_SELECT=board.dtb bash tests/scripts/test_board_dtbs.sh "$work/dtbs" "$work/page.md" >/dev/null; }
run || fail "test_board_dtbs.sh failed on a clean fixture"
grep -q '^| 1 | 1 | 0 | 0 | 0 |$' "$work/page.md" || fail "table not regenerated"
grep -q 'stale' "$work/page.md" && fail "lines outside the markers were kept"
[ "$(grep -c '^kept line$' "$work/page.md")" = 1 ] || fail "section not kept exactly once"
sed -n '/^<!-- begin other/,/^<!-- end other/p' "$work/page.md" >"$work/section"
printf '%s\n' '<!-- begin other: generated elsewhere -->' '## Other' '' 'kept line' '<!-- end other -->' |
	cmp -s - "$work/section" || fail "section changed"
[ "$(tail -n 1 "$work/page.md")" = '<!-- end other -->' ] || fail "section not after the table"
cp "$work/page.md" "$work/first.md"
run || fail "second run failed"
cmp -s "$work/first.md" "$work/page.md" || fail "a second run changed the page"
echo "boards-md-sections: ok"
