DESC="Debian's Linux in a guest binds its nvme driver to the NVMe it owns (virtual host bridge, MSI-X through its virtual ITS) and reads and writes the disk image; the host binds virtio_blk to its boot disk (MSI-X too) and mounts it; each lists only its own PCI functions; the guest's poweroff resets the NVMe"
IMG=build/qemu/linux-pci-nvme/nvme.img
QX="-device pcie-root-port,id=rp1,chassis=1 -drive file=$IMG,if=none,id=nv0,format=raw -device nvme,serial=bulkhead0,drive=nv0,bus=rp1"
ARGS=(--config tests/qemu/configs/linux-pci.dts --extra "$QX" --image-dir .deps/linux --image-dir build/linux)
UNTIL='^partition guest: stopped$'
TIMEOUT=150
# The first 64 KiB of the image hold pattern one before the boot; the guest writes pattern two
# (4 KiB) at 4 MiB. Their MD5 sums are computed here, not by anything under test.
pattern_one() { yes bulkhead-nvme-pattern-one | head -c 65536 || true; }
pattern_two() { yes bulkhead-nvme-pattern-two-written-by-the-guest | head -c 4096 || true; }
MD5_ONE=$(pattern_one | md5sum | cut -d' ' -f1)
MD5_TWO=$(pattern_two | md5sum | cut -d' ' -f1)
PREPARE() {
	rm -f "$IMG"
	truncate -s 16M "$IMG" && pattern_one | dd of="$IMG" conv=notrunc status=none
}
# Commands stay under the 80 columns busybox's line editor wraps at; outputs are tagged so that
# the echo of a command never matches what is checked.
INPUT='seen ^\[host\] host# 
seen ^\[guest\] guest# 
send bulkhead-pci\r
expect ^\[host\] bulkhead-guest: pci [0-9]+ functions
send i=0; until [ -b /dev/vda1 ] || [ $i = 50 ]; do sleep .1; i=$((i+1)); done\r
send mount -t vfat -o ro /dev/vda1 /mnt && echo boot-files=$(ls /mnt)\r
expect ^\[host\] boot-files=
send grep vda1 /proc/mounts | sed s/^/mounted=/\r
expect ^\[host\] mounted=
send bulkhead-irqs | grep virtio\r
send \x1d1
expect ^bulkhead: console input -> guest$
send bulkhead-pci\r
expect ^\[guest\] bulkhead-guest: pci [0-9]+ functions
send i=0; until [ -b /dev/nvme0n1 ] || [ $i = 50 ]; do sleep .1; i=$((i+1)); done\r
send dd if=/dev/nvme0n1 bs=64k count=1 2>/dev/null | md5sum | sed s/^/nvme-md5=/\r
expect ^\[guest\] nvme-md5=
send yes bulkhead-nvme-pattern-two-written-by-the-guest | head -c 4096 >/tmp/p2\r
send dd if=/tmp/p2 of=/dev/nvme0n1 bs=4k seek=1024 conv=fsync 2>&1 | tail -1\r
send echo 3 >/proc/sys/vm/drop_caches; sync\r
send dd if=/dev/nvme0n1 bs=4k skip=1024 count=1 2>/dev/null | md5sum | sed s/^/nvme-md5-two=/\r
expect ^\[guest\] nvme-md5-two=
send bulkhead-irqs | grep nvme; echo irqs-done\r
expect ^\[guest\] irqs-done
send \x1ds
expect ^stats: partition guest: pci 00:00\.0 = phys
send poweroff -f\r'
EXPECT=(
	'^bulkhead: 2 of 2 partitions started$'
	'^\[host\] bulkhead-guest: 15 modules loaded$'
	'^\[guest\] bulkhead-guest: 15 modules loaded$'
	# Each partition's own functions, and only those (the COUNTs below make the lists exact).
	'^\[guest\] bulkhead-guest: pci 0000:00:00\.0 1b36:0010 class 0x010802 driver nvme$'
	'^\[guest\] bulkhead-guest: pci 1 functions$'
	'^\[host\] bulkhead-guest: pci 0000:00:01\.0 1af4:1001 class 0x010000 driver virtio-pci$'
	# The host mounts its boot disk read-only: the files bulkhead booted from.
	'^\[host\] boot-files=.*boot\.scr.*bulkhead\.bin'
	'^\[host\] mounted=/dev/vda1 /mnt vfat ro,'
	# MSI-X through each partition's virtual ITS (docs/msi.md): Linux's ITS-MSI vectors count,
	# hwirq = requester ID << 11 | vector (the NVMe is 00:00.0, the boot disk 00:01.0). The
	# physical ITS came up, each partition's devices got its doorbell, and every LPI bulkhead
	# took was delivered, with no refused command and no physical error.
	'^its: /intc@8000000/its@8080000: up, 4 collections \(one per CPU\)'
	'^partition guest: virtual ITS at 0x8080000, 1 devices'
	'^smmu: partition guest: MSI doorbell IOVA 0x8090000 -> GITS_TRANSLATER page 0x8090000$'
	'^\[host\] bulkhead-guest: irq [0-9]+ [1-9][0-9]* ITS-MSI 1638[4-7] Edge virtio0-req\.[0-9]$'
	'^\[guest\] bulkhead-guest: irq [0-9]+ [1-9][0-9]* ITS-MSI 0 Edge nvme0q0$'
	'^\[guest\] bulkhead-guest: irq [0-9]+ [1-9][0-9]* ITS-MSI 1 Edge nvme0q1$'
	'^stats: partition guest: vits commands=[1-9][0-9]* refused=0 lpis=[1-9][0-9]* delivered=[1-9][0-9]* undeliverable=0 phys-errors=0$'
	# What the test wrote before the boot, read by the guest's nvme driver; and what the guest
	# wrote, read back.
	"^\\[guest\\] nvme-md5=$MD5_ONE  -$"
	"^\\[guest\\] nvme-md5-two=$MD5_TWO  -$"
	# Its poweroff quiesces the NVMe (bus mastering off, function-level reset) before it stops.
	# Linux's own configuration accesses (Ctrl-] s): all handled, none refused; slots 1-31 absent.
	'^stats: partition guest: pci-cfg reads=[1-9][0-9]* writes=[1-9][0-9]* dropped=0 bar-relocations=0 command-forbidden=0 absent=31 bad=0$'
	'^partition guest: SYSTEM_OFF from vcpu 0$'
	'^partition guest: pci 0000:01:00\.0: bus master off, function-level reset \([0-9]+ ms\)$'
)
COUNT=(
	'1 ^\[guest\] bulkhead-guest: pci [0-9a-f]{4}:'
	'1 ^\[host\] bulkhead-guest: pci [0-9a-f]{4}:.* 1af4:'
	'0 ^\[host\] bulkhead-guest: pci .* 1b36:0010 '
)
REJECT=('^fault:' 'restarting' 'Kernel panic' 'Oops' 'BUG:' 'WARNING:' 'rcu.*stall' 'insmod .* failed'
	'nvme.*(timeout|I/O error)' 'blk_update_request' 'nobody cared'
	# No INTx left: the NVMe's line (INTID 36) is not what the driver uses.
	'GICv3 36 Level' '^vits: ' '^its: .*(timeout|stalled|cannot)')
CHECK() {
	local got
	# The guest's write reached the image file.
	got=$(dd if="$IMG" bs=4096 skip=1024 count=1 status=none | md5sum | cut -d' ' -f1)
	[ "$got" = "$MD5_TWO" ] || { echo "image at 4 MiB: md5 $got, not the guest's pattern $MD5_TWO"; return 1; }
	# And nothing else changed: pattern one is still there.
	got=$(dd if="$IMG" bs=65536 count=1 status=none | md5sum | cut -d' ' -f1)
	[ "$got" = "$MD5_ONE" ] || { echo "image start: md5 $got, not pattern one $MD5_ONE"; return 1; }
}
