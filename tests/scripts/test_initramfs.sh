#!/usr/bin/env bash
# scripts/mk-initramfs.sh must produce a gzip'd newc cpio holding /init, /bin/busybox, the shell
# link and the busybox init files, with an /init that prints the bulkhead-guest banner and takes
# the role from bulkhead.role=; it must refuse a busybox that is not aarch64 and be reproducible.
# Hermetic: uses a stand-in aarch64 ELF unless Debian's busybox is already in .deps/linux/.
set -euo pipefail
cd "$(dirname "$0")/../.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() { echo "test_initramfs: $*" >&2; exit 1; }

# Stand-in busybox: a 64-byte ELF64 little-endian header with e_machine = EM_AARCH64 (183).
fake="$t/busybox"
{ printf '\177ELF\002\001\001\000'; head -c 8 /dev/zero; printf '\002\000\267\000'; head -c 44 /dev/zero; } >"$fake"
[ "$(stat -c %s "$fake")" = 64 ] || fail "stand-in ELF is $(stat -c %s "$fake") bytes"

check_archive() { # archive role busybox
	local a=$1 role=$2 bb=$3 x f
	x=$(mktemp -d "$t/x.XXXX")
	gzip -t "$a" || fail "$a is not gzip"
	zcat "$a" | cpio -t --quiet >"$t/list" || fail "$a is not a cpio archive"
	for f in init bin/busybox bin/sh bin/bulkhead-irqs etc/inittab etc/profile etc/bulkhead-role dev proc sys; do
		grep -qx "$f" "$t/list" || fail "$a lacks /$f (has: $(tr '\n' ' ' <"$t/list"))"
	done
	[ "$(zcat "$a" | head -c 6)" = 070701 ] || fail "$a is not newc"
	zcat "$a" | cpio -tv --quiet | grep -qE '^-rwx.* init$' || fail "/init is not executable"
	(cd "$x" && zcat "$a" | cpio -i -d --quiet --no-absolute-filenames) || fail "cannot unpack $a"
	# shellcheck disable=SC2016 # the literal text of /init
	grep -q 'echo "bulkhead-guest: $role up, $cpus cpus, $mem kB"' "$x/init" || fail "/init lacks the banner"
	grep -q 'bulkhead.role=\*' "$x/init" || fail "/init ignores bulkhead.role= on the command line"
	grep -q 'MemTotal' "$x/init" || fail "/init does not read MemTotal"
	grep -q '/proc/interrupts' "$x/bin/bulkhead-irqs" || fail "bulkhead-irqs does not read /proc/interrupts"
	grep -q 'exec /sbin/init' "$x/init" || fail "/init does not hand over to busybox init"
	sh -n "$x/init" || fail "/init is not valid sh"
	sh -n "$x/bin/bulkhead-irqs" || fail "bulkhead-irqs is not valid sh"
	[ "$(cat "$x/etc/bulkhead-role")" = "$role" ] || fail "default role is '$(cat "$x/etc/bulkhead-role")', not $role"
	grep -q 'cttyhack /bin/sh' "$x/etc/inittab" || fail "inittab starts no console shell"
	grep -q 'PS1=.*bulkhead-role.*# ' "$x/etc/profile" || fail "profile sets no ROLE# prompt"
	[ "$(readlink "$x/bin/sh")" = busybox ] || fail "/bin/sh is not a link to busybox"
	cmp -s "$x/bin/busybox" "$bb" || fail "/bin/busybox differs from $bb"
}

BUSYBOX="$fake" bash scripts/mk-initramfs.sh "$t/guest.cpio.gz" >/dev/null
check_archive "$t/guest.cpio.gz" guest "$fake"
BUSYBOX="$fake" bash scripts/mk-initramfs.sh "$t/host.cpio.gz" host >/dev/null
check_archive "$t/host.cpio.gz" host "$fake"

# The management tool, when given, is /bin/bulkhead; a non-aarch64 one is refused.
BULKHEAD_TOOL="$fake" BUSYBOX="$fake" bash scripts/mk-initramfs.sh "$t/tool.cpio.gz" host >/dev/null
zcat "$t/tool.cpio.gz" | cpio -tv --quiet | grep -qE '^-rwx.* bin/bulkhead$' || fail "no executable /bin/bulkhead"
if BULKHEAD_TOOL="$(type -P true)" BUSYBOX="$fake" bash scripts/mk-initramfs.sh "$t/bad.cpio.gz" 2>/dev/null; then
	fail "accepted a non-aarch64 bulkhead tool"
fi

# Same inputs, same bytes (a second later: file times must not leak into the archive).
sleep 1
BUSYBOX="$fake" bash scripts/mk-initramfs.sh "$t/again.cpio.gz" >/dev/null
cmp -s "$t/guest.cpio.gz" "$t/again.cpio.gz" || fail "two builds of the same archive differ"

# Refusals: a host (non-aarch64) binary, a missing busybox, a role that is not a word.
host_elf=$(type -P true) # /usr/bin/true: an ELF, but not an aarch64 one
[ "$(head -c 4 "$host_elf")" = $'\177ELF' ] || fail "$host_elf is not an ELF"
if BUSYBOX="$host_elf" bash scripts/mk-initramfs.sh "$t/bad.cpio.gz" 2>/dev/null; then
	fail "accepted $host_elf as busybox"
fi
if BUSYBOX="$t/none" bash scripts/mk-initramfs.sh "$t/bad.cpio.gz" 2>/dev/null; then
	fail "accepted a missing busybox"
fi
if BUSYBOX="$fake" bash scripts/mk-initramfs.sh "$t/bad.cpio.gz" 'a b' 2>/dev/null; then
	fail "accepted role 'a b'"
fi
[ ! -e "$t/bad.cpio.gz" ] || fail "a refused build left $t/bad.cpio.gz behind"

# Debian's busybox, when scripts/fetch-linux.sh has fetched it.
if [ -f .deps/linux/busybox ]; then
	bash scripts/mk-initramfs.sh "$t/real.cpio.gz" guest >/dev/null
	check_archive "$t/real.cpio.gz" guest .deps/linux/busybox
fi
echo "test_initramfs: ok"
