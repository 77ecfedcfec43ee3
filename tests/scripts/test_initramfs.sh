#!/usr/bin/env bash
# scripts/mk-initramfs.sh must produce a gzip'd newc cpio holding /init, /bin/busybox, the shell
# link and the busybox init files, with an /init that prints the bulkhead-guest banner and takes
# the role from bulkhead.role=; it must refuse a busybox that is not aarch64 and be reproducible.
# It must pack the modules scripts/linux-modules.list names with every dependency modules.dep gives,
# each after what it needs, and /init must insmod them in that order.
# Hermetic: uses a stand-in aarch64 ELF and a stand-in modules tree unless Debian's are already in
# .deps/linux/ (or LINUX_DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() { echo "test_initramfs: $*" >&2; exit 1; }

# Stand-in busybox: a 64-byte ELF64 little-endian header with e_machine = EM_AARCH64 (183).
fake="$t/busybox"
{ printf '\177ELF\002\001\001\000'; head -c 8 /dev/zero; printf '\002\000\267\000'; head -c 44 /dev/zero; } >"$fake"
[ "$(stat -c %s "$fake")" = 64 ] || fail "stand-in ELF is $(stat -c %s "$fake") bytes"

# Stand-in modules: the listed names with a dependency graph of the real kernel's shape (nvme needs
# nvme-core, both need t10-pi, which needs crc64), plus a module nobody needs.
fakemods="$t/modules"
mkdir -p "$fakemods"
echo 9.9.9-test >"$fakemods/VERSION"
cat >"$fakemods/modules.dep" <<'DEP'
kernel/fs/nls/nls_ascii.ko:
kernel/drivers/nvme/host/nvme.ko: kernel/drivers/nvme/host/nvme-core.ko kernel/block/t10-pi.ko kernel/lib/crc64.ko
kernel/lib/crc64.ko:
kernel/fs/fat/vfat.ko: kernel/fs/fat/fat.ko
kernel/drivers/nvme/host/nvme-core.ko: kernel/block/t10-pi.ko kernel/lib/crc64.ko
kernel/block/t10-pi.ko: kernel/lib/crc64.ko
kernel/fs/fat/fat.ko:
kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_modern_dev.ko
kernel/drivers/virtio/virtio_pci_modern_dev.ko:
kernel/drivers/block/virtio_blk.ko:
kernel/fs/nls/nls_cp437.ko:
kernel/drivers/unrelated.ko:
DEP
sed 's/:.*//' "$fakemods/modules.dep" | while read -r m; do mkdir -p "$fakemods/$(dirname "$m")"; echo "$m" >"$fakemods/$m"; done
export MODULES="$fakemods"
# Load order derived by hand from the graph above and the list's order (nvme, virtio_pci,
# virtio_blk, vfat, nls_cp437, nls_ascii).
fake_order="crc64 t10-pi nvme-core nvme virtio_pci_modern_dev virtio_pci virtio_blk fat vfat nls_cp437 nls_ascii"

check_modules() { # unpacked-dir kernel-version expected-order
	local x=$1 kver=$2 want=$3 got m
	got=$(sed 's|.*/||; s|\.ko$||' "$x/etc/bulkhead-modules" | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] || fail "module load order is '$got', not '$want'"
	while read -r m; do
		case "$m" in "/lib/modules/$kver/"*) ;; *) fail "module $m is not under /lib/modules/$kver" ;; esac
		[ -f "$x$m" ] || fail "the archive lacks $m"
	done <"$x/etc/bulkhead-modules"
	[ "$(find "$x/lib/modules" -name '*.ko' | wc -l)" = "$(wc -l <"$x/etc/bulkhead-modules")" ] ||
		fail "the archive holds modules it does not load"
	grep -q 'insmod "$m"' "$x/init" || fail "/init does not insmod the modules"
	grep -q '</etc/bulkhead-modules' "$x/init" || fail "/init does not read /etc/bulkhead-modules"
}

check_archive() { # archive role busybox
	local a=$1 role=$2 bb=$3 x f listing
	x=$(mktemp -d "$t/x.XXXX")
	gzip -t "$a" || fail "$a is not gzip"
	zcat "$a" | cpio -t --quiet >"$t/list" || fail "$a is not a cpio archive"
	for f in init bin/busybox bin/sh bin/bulkhead-irqs bin/bulkhead-pci etc/inittab etc/profile etc/bulkhead-role dev proc sys; do
		grep -qx "$f" "$t/list" || fail "$a lacks /$f (has: $(tr '\n' ' ' <"$t/list"))"
	done
	[ "$(zcat "$a" | head -c 6)" = 070701 ] || fail "$a is not newc"
	# Listed first: `cpio | grep -q` under pipefail fails when grep stops reading early.
	listing=$(zcat "$a" | cpio -tv --quiet)
	grep -qE '^-rwx.* init$' <<<"$listing" || fail "/init is not executable"
	(cd "$x" && zcat "$a" | cpio -i -d --quiet --no-absolute-filenames) || fail "cannot unpack $a"
	# shellcheck disable=SC2016 # the literal text of /init
	grep -q 'echo "bulkhead-guest: $role up, $cpus cpus, $mem kB"' "$x/init" || fail "/init lacks the banner"
	grep -q 'bulkhead.role=\*' "$x/init" || fail "/init ignores bulkhead.role= on the command line"
	grep -q 'MemTotal' "$x/init" || fail "/init does not read MemTotal"
	grep -q '/proc/interrupts' "$x/bin/bulkhead-irqs" || fail "bulkhead-irqs does not read /proc/interrupts"
	grep -q 'exec /sbin/init' "$x/init" || fail "/init does not hand over to busybox init"
	sh -n "$x/init" || fail "/init is not valid sh"
	sh -n "$x/bin/bulkhead-irqs" || fail "bulkhead-irqs is not valid sh"
	sh -n "$x/bin/bulkhead-pci" || fail "bulkhead-pci is not valid sh"
	grep -q '/sys/bus/pci/devices/\*' "$x/bin/bulkhead-pci" || fail "bulkhead-pci does not read /sys/bus/pci/devices"
	[ "$(cat "$x/etc/bulkhead-role")" = "$role" ] || fail "default role is '$(cat "$x/etc/bulkhead-role")', not $role"
	grep -q 'cttyhack /bin/sh' "$x/etc/inittab" || fail "inittab starts no console shell"
	grep -q 'PS1=.*bulkhead-role.*# ' "$x/etc/profile" || fail "profile sets no ROLE# prompt"
	[ "$(readlink "$x/bin/sh")" = busybox ] || fail "/bin/sh is not a link to busybox"
	cmp -s "$x/bin/busybox" "$bb" || fail "/bin/busybox differs from $bb"
	unpacked=$x
}

BUSYBOX="$fake" bash scripts/mk-initramfs.sh "$t/guest.cpio.gz" >/dev/null
check_archive "$t/guest.cpio.gz" guest "$fake"
check_modules "$unpacked" 9.9.9-test "$fake_order"
BUSYBOX="$fake" bash scripts/mk-initramfs.sh "$t/host.cpio.gz" host >/dev/null
check_archive "$t/host.cpio.gz" host "$fake"

# The management tool, when given, is /bin/bulkhead; a non-aarch64 one is refused.
BULKHEAD_TOOL="$fake" BUSYBOX="$fake" bash scripts/mk-initramfs.sh "$t/tool.cpio.gz" host >/dev/null
listing=$(zcat "$t/tool.cpio.gz" | cpio -tv --quiet)
grep -qE '^-rwx.* bin/bulkhead$' <<<"$listing" || fail "no executable /bin/bulkhead"
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
# A listed module that modules.dep lacks, or a dependency it does not list, is refused.
cp -r "$fakemods" "$t/nonvme" && sed -i '/nvme.ko:/d' "$t/nonvme/modules.dep"
if MODULES="$t/nonvme" BUSYBOX="$fake" bash scripts/mk-initramfs.sh "$t/bad.cpio.gz" 2>/dev/null; then
	fail "accepted a modules.dep without nvme"
fi
cp -r "$fakemods" "$t/nocrc" && sed -i '/^kernel\/lib\/crc64.ko:/d' "$t/nocrc/modules.dep"
if MODULES="$t/nocrc" BUSYBOX="$fake" bash scripts/mk-initramfs.sh "$t/bad.cpio.gz" 2>/dev/null; then
	fail "accepted a dependency that modules.dep does not list"
fi
[ ! -e "$t/bad.cpio.gz" ] || fail "a refused build left $t/bad.cpio.gz behind"

# Debian's busybox and modules, when scripts/fetch-linux.sh has fetched them: nvme after its
# core, virtio_pci before virtio_blk, fat before vfat.
linux_dir=${LINUX_DIR:-.deps/linux}
if [ -f "$linux_dir/busybox" ] && [ -f "$linux_dir/modules/modules.dep" ]; then
	MODULES="$linux_dir/modules" bash scripts/mk-initramfs.sh "$t/real.cpio.gz" guest >/dev/null
	check_archive "$t/real.cpio.gz" guest "$linux_dir/busybox"
	order=$(sed 's|.*/||; s|\.ko$||' "$unpacked/etc/bulkhead-modules" | tr '\n' ' ')
	position() { # NAME: its 1-based place in $order, 0 if absent
		local i=0 w
		for w in $order; do
			i=$((i + 1))
			[ "$w" = "$1" ] && { echo $i; return; }
		done
		echo 0
	}
	for pair in "nvme-core nvme" "virtio_pci virtio_blk" "fat vfat" "crc64 nvme-core"; do
		a=$(position "${pair% *}") b=$(position "${pair#* }")
		[ "$a" -gt 0 ] && [ "$b" -gt "$a" ] || fail "Debian's load order '$order' lacks ${pair% *} before ${pair#* }"
	done
fi
echo "test_initramfs: ok"
