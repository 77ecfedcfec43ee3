#!/usr/bin/env bash
# Builds the tiny initramfs (cpio newc, gzip) that the Linux partition guests boot:
#   mk-initramfs.sh OUT.cpio.gz [ROLE]
# ROLE (default "guest") is the role /init reports when the kernel command line has no
# bulkhead.role=...; the command line wins. The archive holds Debian's busybox-static
# ($BUSYBOX, default .deps/linux/busybox from scripts/fetch-linux.sh), the kernel modules
# scripts/linux-modules.list names with their dependencies in load order from modules.dep
# ($MODULES, default .deps/linux/modules; LINUX_DIR=DIR replaces .deps/linux in both) and an /init that
#   - mounts /proc, /sys, /dev (devtmpfs), installs the busybox applet links,
#   - loads the modules (insmod, in order) and prints "bulkhead-guest: N modules loaded" or
#     "bulkhead-guest: insmod NAME failed",
#   - prints "bulkhead-guest: ROLE up, N cpus, M kB" (N from /proc/cpuinfo, M = MemTotal),
#   - prints one "bulkhead-guest: irq ..." line per numbered interrupt (bulkhead-irqs),
#   - and has /bin/bulkhead-pci, which prints one "bulkhead-guest: pci ..." line per PCI function,
#   - hands over to busybox init, which keeps a shell ("ROLE# " prompt) on the console and
#     makes plain `poweroff` and `reboot` work (PSCI SYSTEM_OFF / SYSTEM_RESET).
# With BULKHEAD_TOOL set, that static aarch64 binary is installed as /bin/bulkhead (the management
# tool, tools/bulkhead-ctl/, docs/guest-abi.md).
# The archive is reproducible: same inputs, same bytes.
set -euo pipefail
umask 022

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
out=${1:-}
role=${2:-guest}
[ -n "$out" ] || { echo "usage: $0 OUT.cpio.gz [ROLE]" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
[[ "$role" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "mk-initramfs: bad role '$role'" >&2; exit 2; }
linux_dir=${LINUX_DIR:-$ROOT/.deps/linux}
busybox=$(realpath -m "${BUSYBOX:-$linux_dir/busybox}")
modules=$(realpath -m "${MODULES:-$linux_dir/modules}")
[ -f "$busybox" ] || { echo "mk-initramfs: no $busybox (run scripts/fetch-linux.sh)" >&2; exit 1; }
[ -f "$modules/modules.dep" ] && [ -f "$modules/VERSION" ] ||
	{ echo "mk-initramfs: no $modules/modules.dep or VERSION (run scripts/fetch-linux.sh)" >&2; exit 1; }
kver=$(cat "$modules/VERSION")
[[ "$kver" =~ ^[A-Za-z0-9._+-]+$ ]] || { echo "mk-initramfs: bad kernel version '$kver' in $modules/VERSION" >&2; exit 1; }
mapfile -t wanted < <(sed 's/#.*//' "$ROOT/scripts/linux-modules.list" | tr -s ' \t' '\n' | sed '/^$/d')
mapfile -t load_order < <(bash "$ROOT/scripts/modules-closure.sh" "$modules/modules.dep" "${wanted[@]}")
[ ${#load_order[@]} -ge ${#wanted[@]} ] || { echo "mk-initramfs: cannot resolve the modules in $modules" >&2; exit 1; }
command -v cpio >/dev/null || { echo "mk-initramfs: cpio is not installed (apt-get install cpio)" >&2; exit 1; }

# A static aarch64 busybox or nothing: an amd64 or dynamic one would only show up as a kernel panic.
check_aarch64() {
	if [ "$(od -A n -t x1 -N 6 "$1" | tr -d ' ')" != 7f454c460201 ] ||
		[ "$(od -A n -t u2 -j 18 -N 2 "$1" | tr -d ' ')" != 183 ]; then
		echo "mk-initramfs: $1 is not a 64-bit little-endian aarch64 ELF" >&2
		exit 1
	fi
}
check_aarch64 "$busybox"
tool=${BULKHEAD_TOOL:-}
if [ -n "$tool" ]; then
	[ -f "$tool" ] || { echo "mk-initramfs: no $tool (make linux builds it)" >&2; exit 1; }
	tool="$(cd "$(dirname "$tool")" && pwd)/$(basename "$tool")"
	check_aarch64 "$tool"
fi

stage=$(mktemp -d)
tmp="$out.tmp.$$"
trap 'rm -rf "$stage" "$tmp"' EXIT
cd "$stage"
mkdir -p bin sbin usr/bin usr/sbin etc proc sys dev tmp root mnt
install -m 0755 "$busybox" bin/busybox
ln -s busybox bin/sh
[ -z "$tool" ] || install -m 0755 "$tool" bin/bulkhead
echo "$role" >etc/bulkhead-role
mkdir -p "lib/modules/$kver"
for m in "${load_order[@]}"; do
	[ -f "$modules/$m" ] || { echo "mk-initramfs: no $modules/$m" >&2; exit 1; }
	install -D -m 0644 "$modules/$m" "lib/modules/$kver/$m"
	echo "/lib/modules/$kver/$m"
done >etc/bulkhead-modules

cat >init <<'EOF'
#!/bin/sh
# bulkhead partition guest init (scripts/mk-initramfs.sh)
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
exec 0</dev/console 1>/dev/console 2>&1
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
for w in $(cat /proc/cmdline); do
	case "$w" in bulkhead.role=*) echo "${w#bulkhead.role=}" >/etc/bulkhead-role ;; esac
done
n=0
while read -r m; do
	if insmod "$m"; then n=$((n + 1)); else echo "bulkhead-guest: insmod ${m##*/} failed"; fi
done </etc/bulkhead-modules
echo "bulkhead-guest: $n modules loaded"
role=$(cat /etc/bulkhead-role)
cpus=$(grep -c '^processor' /proc/cpuinfo)
mem=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
echo "bulkhead-guest: $role up, $cpus cpus, $mem kB"
bulkhead-irqs
exec /sbin/init
EOF
chmod 0755 init

# One line per numbered interrupt: number, total over the CPUs, chip/hwirq/trigger/name; then the
# IPI total. Run it twice at the prompt to see the timer tick.
cat >bin/bulkhead-irqs <<'EOF'
#!/bin/sh
awk 'NR == 1 { n = NF; next }
	$1 ~ /^[0-9]+:$/ { s = 0; for (i = 2; i <= n + 1; i++) s += $i
		d = ""; for (i = n + 2; i <= NF; i++) d = d " " $i
		sub(":", "", $1); printf "bulkhead-guest: irq %s %d%s\n", $1, s, d }
	$1 ~ /^IPI[0-9]+:$/ { for (i = 2; i <= n + 1; i++) ipi += $i }
	END { printf "bulkhead-guest: irq ipi %d\n", ipi }' /proc/interrupts
EOF
chmod 0755 bin/bulkhead-irqs

# One line per PCI function Linux found: address, vendor:device, class, bound driver; then the
# count. The exact list a partition sees (docs/pci-passthrough.md).
cat >bin/bulkhead-pci <<'EOF'
#!/bin/sh
n=0
for d in /sys/bus/pci/devices/*; do
	[ -e "$d/vendor" ] || continue
	drv=none
	[ -e "$d/driver" ] && drv=$(basename "$(readlink "$d/driver")")
	v=$(cat "$d/vendor") i=$(cat "$d/device")
	echo "bulkhead-guest: pci ${d##*/} ${v#0x}:${i#0x} class $(cat "$d/class") driver $drv"
	n=$((n + 1))
done
echo "bulkhead-guest: pci $n functions"
EOF
chmod 0755 bin/bulkhead-pci

# busybox init: a respawned shell on the console (cttyhack makes it the controlling tty, so ^C
# works), and signal handling so that `poweroff` and `reboot` do what they say.
cat >etc/inittab <<'EOF'
::respawn:/bin/cttyhack /bin/sh -l
::ctrlaltdel:/sbin/reboot
::shutdown:/bin/sync
EOF
cat >etc/profile <<'EOF'
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
PS1="$(cat /etc/bulkhead-role)# "
EOF

find . -exec touch -h -d @0 {} +
find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --reproducible --quiet | gzip -9 -n >"$tmp"
mv "$tmp" "$out"
