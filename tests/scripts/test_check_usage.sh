#!/usr/bin/env bash
# bulkhead-check's usage names every option its parsers accept (read from tools/*.c, not from the
# usage text), and its exit statuses: a .dts dtc refuses is invalid input (1), like a bad DTB; an
# unreadable file is an I/O error (2), like a usage error.
set -euo pipefail
cd "$(dirname "$0")/../.."
CHECK=build/bulkhead-check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-usage: $*"; exit 1; }

rc=0; "$CHECK" >/dev/null 2>"$work/usage" || rc=$?
[ $rc -eq 2 ] || fail "no arguments: exit $rc, want 2"
opts=$(grep -ohE 'strcmp\(argv\[[a-z0-9 +]+\], "--?[a-z-]+"\)' tools/*.c | grep -oE '"--?[a-z-]+"' | tr -d '"' | sort -u)
cmds=$(grep -ohE 'strcmp\(argv\[1\], "[a-z]+"\)' tools/*.c | grep -oE '"[a-z]+"' | tr -d '"' | sort -u)
[ -n "$opts" ] && [ -n "$cmds" ] || fail "found no options in tools/*.c (did the parser change shape?)"
for o in $opts $cmds; do
	grep -qE "(^|[^a-z-])$o([^a-z-]|$)" "$work/usage" || fail "usage does not mention $o"
done
# Every option is explained on a line of its own, not only in the synopsis.
for o in $opts; do
	grep -qE "^  $o " "$work/usage" || fail "usage does not explain $o"
done

printf '/dts-v1/;\n/ { broken\n' >"$work/broken.dts"
rc=0; "$CHECK" platform "$work/broken.dts" >/dev/null 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "platform on a .dts dtc refuses: exit $rc, want 1"
rc=0; "$CHECK" check "$work/broken.dts" configs/demo.dts >/dev/null 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "check with a board dtc refuses: exit $rc, want 1"
rc=0; "$CHECK" check configs/boards/qemu-virt.dts "$work/broken.dts" >/dev/null 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "check with a config dtc refuses: exit $rc, want 1"
rc=0; "$CHECK" platform "$work/absent.dtb" >/dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "platform on a missing file: exit $rc, want 2"
echo "check-usage: $(wc -w <<<"$opts") options and $(wc -w <<<"$cmds") commands in the usage; dtc failure exits 1"
