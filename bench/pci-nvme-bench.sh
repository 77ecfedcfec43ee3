#!/usr/bin/env bash
# NVMe read throughput in a Linux guest that owns the controller (virtual host bridge, DMA
# through the SMMU) on MSI-X with a GICv3 (gic-version=3: its virtual ITS, each MSI an LPI at EL2
# and an exit) and with a GICv4.0 (gic-version=4: direct injection, no exit), and on INTx
# (pci=nomsi, the line forwarded), against the same QEMU nvme driven by the same Linux without
# bulkhead on INTx; per GIC version the MSIs the guest took during the reads (its
# /proc/interrupts nvme vectors), exits per MSI and interrupts per second; the guest's
# configuration-space accesses and exits per second during the INTx read; all in one run. Writes the figures into docs/benchmarks.md (between its pci-nvme-bench markers).
#
#   [READS=N] [NVME_TRACE=1] bash bench/pci-nvme-bench.sh [MIB]
#
# MIB: how much to read (default 256); READS: reads in a row (default 3); NVME_TRACE=1: QEMU's
# nvme trace events of both runs kept and summed up (below).
#
# Under bulkhead: tests/qemu/configs/linux-pci.dts (host 3 vCPUs, guest 1 vCPU, 256 MiB), the
# guest reads MIB MiB from /dev/nvme0n1 with dd after dropping the page cache; `Ctrl-] s` before
# and after the read prints the guest's exits and pci-cfg counters (docs/guest-abi.md), so the
# second report's "since the last request" line covers the read. Bare: QEMU boots the same Image
# and guest initramfs directly at EL1 on the same machine model, 1 CPU, 256 MiB, the same nvme
# behind a root port, with pci=nomsi so that the interrupt path is INTx as in the partition's
# INTx run (the bench checks both). The bare Linux also sees the root port, whose
# PME and hotplug handlers share the NVMe's line; under bulkhead the root port stays bulkhead's.
# Both read a sparse image of zeros: the figure is QEMU's nvme model plus the interrupt and DMA
# path, not a disk.
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-256}
work=build/bench/pci-nvme
mkdir -p "$work"
make --no-print-directory hyp linux >/dev/null
img=$work/nvme.img
rm -f "$img"
truncate -s $((mib + 16))M "$img"
nvme="-device pcie-root-port,id=rp1,chassis=1 -drive file=$img,if=none,id=nv0,format=raw -device nvme,serial=bulkhead0,drive=nv0,bus=rp1"
# busybox's dd prints no rate: /proc/uptime (10 ms) before and after. Three reads in a row; the
# fastest counts (the machine running QEMU may be busy with other work: the slower ones measure
# that). A last line says they are done.
reads=${READS:-3}
read_cmd="for r in \$(seq $reads); do a=\$(cut -d' ' -f1 /proc/uptime); dd if=/dev/nvme0n1 of=/dev/null bs=1M count=$mib iflag=direct 2>/dev/null; echo read-took \$a \$(cut -d' ' -f1 /proc/uptime); done; echo reads-done"
# Then each side prints its NVMe line of /proc/interrupts (which controller, which INTID, level or
# edge: the bench compares only when both are the GICv3 INTx line) and /proc/irq/N/spurious
# (Linux's unhandled interrupts; at 99,900 unhandled out of 100,000 it says `nobody cared` and
# disables the line). A command of its own: a longer line can overrun a console's input. The
# markers are typed with "" inside, so that the echo of the typed command never matches them.
irq_cmd="i=\$(grep nvme0q0 /proc/interrupts | cut -d: -f1 | tr -d ' '); echo nvme\"\"-irq \$(grep nvme0q0 /proc/interrupts); echo nvme\"\"-spurious \$(cat /proc/irq/\$i/spurious)"
# NVME_TRACE=1: QEMU's nvme trace events of both runs into $work/{bulkhead,bare}.trace, summed up
# below (INTx assertions, completion-queue doorbells by MMIO and by shadow buffer).
rm -f "$work"/bulkhead-*.trace "$work/bare.trace"
trace_args() { # NAME
	[ "${NVME_TRACE:-0}" = 1 ] || return 0
	echo "-trace pci_nvme_irq_pin -trace pci_nvme_mmio_doorbell_cq -trace pci_nvme_shadow_doorbell_cq -trace pci_nvme_dbbuf_config -D $work/$1.trace"
}
trace_summary() { # NAME
	local t=$work/$1.trace
	[ -f "$t" ] || return 0
	echo "$1: QEMU nvme: $(grep -c '^pci_nvme_dbbuf_config' "$t") shadow doorbell setup, $(grep -c '^pci_nvme_irq_pin' "$t") INTx assertions," \
		"$(grep -c '^pci_nvme_mmio_doorbell_cq cqid 1 ' "$t") MMIO and $(grep -c '^pci_nvme_shadow_doorbell_cq cqid 1 ' "$t") shadow I/O completion-queue head updates"
}
# "nvme-irq N: COUNT GICv3 INTID Level|Edge NAMES" -> the part after the colon; "nvme-spurious
# count C unhandled U last_unhandled T ms" -> U.
irq_line() { sed -nE 's/^(\[guest\] )?nvme-irq [0-9]+: *(.*)$/\2/p' "$1" | tail -1; }
unhandled() { sed -nE 's/^(\[guest\] )?nvme-spurious count [0-9]+ unhandled ([0-9]+).*/\2/p' "$1" | tail -1; }
intx() { grep -qE '^[0-9]+ +GICv3 +[0-9]+ +Level ' <<<"$1"; }
# The guest's NVMe interrupts so far: the sum of its /proc/interrupts nvme lines (1 vCPU: the
# count is the second field), before and after the reads; the difference is what it took during them.
count_cmd() { # before|after
	echo "echo nvme\"\"-ints-$1 \$(grep nvme /proc/interrupts | awk '{ s += \$2 } END { print s + 0 }')"
}
wait_cmd='i=0; until [ -b /dev/nvme0n1 ] || [ $i = 50 ]; do sleep .1; i=$((i+1)); done'

# "read-took START END" lines (uptime seconds) -> the smallest END - START.
read_seconds() {
	sed -nE 's/^(\[guest\] )?read-took ([0-9.]+) ([0-9.]+)$/\2 \3/p' "$1" |
		awk '{ d = $2 - $1; if (NR == 1 || d < m) m = d } END { if (NR) printf "%.2f", m }'
}
# The same lines -> the sum of all reads' seconds (the time the interrupts counted above took).
reads_total() {
	sed -nE 's/^(\[guest\] )?read-took ([0-9.]+) ([0-9.]+)$/\2 \3/p' "$1" |
		awk '{ t += $2 - $1 } END { if (NR) printf "%.2f", t }'
}
nvme_ints() { # LOG before|after
	sed -nE "s/^(\\[guest\\] )?nvme-ints-$2 ([0-9]+)\$/\\2/p" "$1" | tail -1
}

# ---- under bulkhead: the guest on MSI-X with gic-version=3 (its virtual ITS, docs/msi.md), the
# same with gic-version=4 (direct injection), then on INTx (the same config with pci=nomsi added
# to the guest's bootargs) with gic-version=3, each its own boot.
cat >"$work/input" <<IN
seen ^\[guest\] guest# 
send \x1d1
expect ^bulkhead: console input -> guest$
send $wait_cmd\r
send echo ready\r
expect ^\[guest\] ready
send \x1ds
expect ^stats: partition guest: pci 00:00
send $(count_cmd before)\r
expect ^\[guest\] nvme-ints-before
send $read_cmd\r
expect ^\[guest\] reads-done
send $(count_cmd after)\r
expect ^\[guest\] nvme-ints-after
send \x1ds
expect ^stats: partition guest: pci 00:00
send $irq_cmd\r
expect ^\[guest\] nvme-spurious
send echo bench-done\r
IN
sed 's/bulkhead\.role=guest panic=-1/bulkhead.role=guest panic=-1 pci=nomsi/' tests/qemu/configs/linux-pci.dts >"$work/linux-pci-intx.dts"
grep -q 'pci=nomsi' "$work/linux-pci-intx.dts" || { echo "pci-nvme-bench: cannot make the INTx config" >&2; exit 1; }
declare -A secs during exits ms cfg_during irq unh nc lpis ints rsecs msi_exits
bulkhead_run() { # NAME CONFIG GIC-VERSION
	local log=$work/bulkhead-$1.log status cfg l m
	status=$(bash scripts/run-qemu.sh --config "$2" --extra "$nvme $(trace_args "bulkhead-$1")" \
		--machine-opts "virtualization=on,gic-version=$3,iommu=smmuv3" \
		--image-dir "${LINUX_DIR:-.deps/linux}" --image-dir build/linux --disk "$work/disk.img" \
		--log "$log" --timeout 300 --until '^\[guest\] bench-done' --input "$work/input")
	secs[$1]=$(read_seconds "$log")
	if [ "$status" != stopped ] || [ -z "${secs[$1]}" ]; then
		echo "pci-nvme-bench: the bulkhead $1 run did not finish ($status), see $log" >&2
		exit 1
	fi
	during[$1]=$(grep -a '^stats: partition guest: .* since the last request' "$log" | tail -1 | sed 's/^stats: partition guest: //')
	cfg=($(grep -a '^stats: partition guest: pci-cfg reads=' "$log" | sed -E 's/.*reads=([0-9]+) writes=([0-9]+).*/\1 \2/' | tr '\n' ' '))
	ms[$1]=$(sed -nE 's/^[0-9]+ exits in ([0-9]+) ms .*/\1/p' <<<"${during[$1]}")
	exits[$1]=$(sed -nE 's/^([0-9]+) exits in .*/\1/p' <<<"${during[$1]}")
	cfg_during[$1]=$(( cfg[2] + cfg[3] - cfg[0] - cfg[1] ))
	irq[$1]=$(irq_line "$log") unh[$1]=$(unhandled "$log") nc[$1]=$(grep -ac 'nobody cared' "$log" || true)
	# The physical LPIs bulkhead took for the guest between the two reports (vits stats line).
	l=($(sed -nE 's/^stats: partition guest: vits commands=[0-9]+ refused=[0-9]+ lpis=([0-9]+) .*/\1/p' "$log" | tr '\n' ' '))
	lpis[$1]=$(( ${#l[@]} >= 2 ? l[1] - l[0] : 0 ))
	ints[$1]=$(( $(nvme_ints "$log" after) - $(nvme_ints "$log" before) ))
	rsecs[$1]=$(reads_total "$log")
	m=$(sed -nE 's/.* irq-msi=([0-9]+).*/\1/p' <<<"${during[$1]}")
	msi_exits[$1]=${m:-0}
	# Which MSI path the partition took (docs/msi.md): the GICv4 run must say direct injection.
	if [ "$3" = 4 ] && ! grep -aq '^partition guest: MSIs are injected directly' "$log"; then
		echo "pci-nvme-bench: the gic-version=4 run did not inject directly, see $log" >&2
		exit 1
	fi
}
bulkhead_run msix tests/qemu/configs/linux-pci.dts 3
bulkhead_run msix4 tests/qemu/configs/linux-pci.dts 4
bulkhead_run intx "$work/linux-pci-intx.dts" 3
hs=${secs[intx]} during=${during[intx]} ms=${ms[intx]} exits=${exits[intx]} cfg_during=${cfg_during[intx]}

# ---- bare QEMU, the same kernel and initramfs
blog=$work/bare.log
fifo=$work/bare.in
rm -f "$fifo"
mkfifo "$fifo"
# shellcheck disable=SC2086,SC2046 # $nvme and the trace options are word lists
timeout 300 qemu-system-aarch64 -machine virt,gic-version=3,iommu=smmuv3 -cpu cortex-a57 -smp 1 -m 256M \
	-nographic -nic none -kernel "${LINUX_DIR:-.deps/linux}/Image" -initrd build/linux/guest.cpio.gz \
	-append "console=ttyAMA0 rdinit=/init quiet pci=nomsi bulkhead.role=guest panic=-1" $nvme $(trace_args bare) \
	<"$fifo" >"$blog" 2>&1 &
qpid=$!
exec 3>"$fifo"
wait_for() { # REGEX [SECONDS]
	local end=$((SECONDS + ${2:-300}))
	until tr -d '\r' <"$blog" | grep -aqE "$1"; do
		[ $SECONDS -lt $end ] && kill -0 $qpid 2>/dev/null || return 1
		sleep 0.2
	done
}
ok=1
wait_for '^guest# ' && printf '%s\r' "$wait_cmd" >&3 && printf 'echo 3 >/proc/sys/vm/drop_caches; echo ready\r' >&3 &&
	wait_for '^ready' && printf '%s\r' "$read_cmd" >&3 && wait_for '^reads-done' &&
	printf '%s\r' "$irq_cmd" >&3 && wait_for '^nvme-spurious' && printf 'poweroff -f\r' >&3 || ok=0
sleep 1
kill $qpid 2>/dev/null || true
wait $qpid 2>/dev/null || true
exec 3>&-
rm -f "$fifo"
tr -d '\r' <"$blog" >"$blog.txt"
bs=$(read_seconds "$blog.txt")
if [ $ok = 0 ] || [ -z "$bs" ]; then
	echo "pci-nvme-bench: the bare run did not finish, see $blog" >&2
	exit 1
fi

# Like with like: the INTx runs must both have driven the NVMe through the GICv3 INTx line
# (level), and the MSI-X run through the ITS.
hirq=${irq[intx]} birq=$(irq_line "$blog.txt")
hun=${unh[intx]} bun=$(unhandled "$blog.txt")
hnc=${nc[intx]} bnc=$(grep -ac 'nobody cared' "$blog.txt" || true)
if ! intx "$hirq" || ! intx "$birq"; then
	echo "pci-nvme-bench: not both on INTx (bulkhead: '$hirq', bare: '$birq'); no comparison" >&2
	exit 1
fi
for r in msix msix4; do
	if ! grep -qE '^[0-9]+ +ITS-MSI ' <<<"${irq[$r]}"; then
		echo "pci-nvme-bench: the $r run did not use the ITS ('${irq[$r]}')" >&2
		exit 1
	fi
done

mbs() { awk -v m="$mib" -v s="$1" 'BEGIN { printf "%.1f", m / s }'; }
hmb=$(mbs "$hs") bmb=$(mbs "$bs")
ratio=$(awk -v a="$hmb" -v b="$bmb" 'BEGIN { printf "%.2f", a / b }')
cfg_rate=$(awk -v n="$cfg_during" -v ms="$ms" 'BEGIN { printf "%.1f", ms ? n * 1000 / ms : 0 }')
exit_rate=$(awk -v n="$exits" -v ms="$ms" 'BEGIN { printf "%.1f", ms ? n * 1000 / ms : 0 }')
# Per MSI-X run: MiB/s, the ratio to INTx, interrupts per second of reading, irq-msi exits and all
# other exits but the console's per interrupt the guest took (the window between the two reports
# also holds the typing of the commands: each echoed character is a uart exit).
declare -A xmb xratio int_rate per_msi all_per_msi quiet_exits
reason() { # STATS-LINE REASON -> its count (absent: 0)
	local n
	n=$(sed -nE "s/.* $2=([0-9]+).*/\1/p" <<<"$1")
	echo "${n:-0}"
}
div() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { printf f, b ? a / b : 0 }'; }
for r in msix msix4; do
	xmb[$r]=$(mbs "${secs[$r]}")
	xratio[$r]=$(div "${xmb[$r]}" "$hmb" %.2f)
	int_rate[$r]=$(div "${ints[$r]}" "${rsecs[$r]}" %.1f)
	per_msi[$r]=$(div "${msi_exits[$r]}" "${ints[$r]}" %.2f)
	quiet_exits[$r]=$(( exits[$r] - $(reason "${during[$r]}" uart) - $(reason "${during[$r]}" hvc-console) ))
	all_per_msi[$r]=$(div "${quiet_exits[$r]}" "${ints[$r]}" %.2f)
done
gicv() { [ "$1" = msix4 ] && echo 4 || echo 3; }
for r in msix msix4; do
	echo "MSI-X gic-version=$(gicv $r): nvme read $mib MiB ${secs[$r]} s (${xmb[$r]} MiB/s), MSI-X / INTx ${xratio[$r]}"
	echo "MSI-X gic-version=$(gicv $r): ${ints[$r]} MSIs taken by the guest in ${rsecs[$r]} s of $reads reads (${int_rate[$r]}/s);" \
		"${msi_exits[$r]} irq-msi exits (${per_msi[$r]} per MSI), ${quiet_exits[$r]} exits but the console's of ${exits[$r]} in ${ms[$r]} ms (${all_per_msi[$r]} per MSI);" \
		"${lpis[$r]} physical LPIs at EL2; nvme0q0 line '${irq[$r]}'"
done
intx_rate=$(div "${ints[intx]}" "${rsecs[intx]}" %.1f)
echo "INTx: ${ints[intx]} NVMe interrupts taken by the guest in ${rsecs[intx]} s of $reads reads ($intx_rate/s)"
echo "nvme read $mib MiB on INTx: bulkhead guest $hs s ($hmb MiB/s), bare Linux $bs s ($bmb MiB/s), ratio $ratio"
echo "during the $reads reads (between the two Ctrl-] s, $ms ms): $exits exits ($exit_rate/s), $cfg_during config-space accesses ($cfg_rate/s)"
echo "exits by reason: $during"
echo "NVMe interrupt line after the reads: bulkhead guest '$hirq', $hun unhandled, 'nobody cared' $hnc times;" \
	"bare '$birq', $bun unhandled, 'nobody cared' $bnc times"
trace_summary bulkhead-msix
trace_summary bulkhead-msix4
trace_summary bulkhead-intx
trace_summary bare

# ---- docs/benchmarks.md, between the markers
doc=docs/benchmarks.md
begin='<!-- pci-nvme-bench: begin (written by bench/pci-nvme-bench.sh) -->'
end='<!-- pci-nvme-bench: end -->'
{
	echo "$begin"
	echo
	echo "| read $mib MiB with dd (1 MiB blocks, O_DIRECT; fastest of $reads) | seconds | MiB/s |"
	echo "| --- | --- | --- |"
	echo "| Linux guest under bulkhead, MSI-X, gic-version=3 (virtual ITS, DMA through the SMMU) | ${secs[msix]} | ${xmb[msix]} |"
	echo "| Linux guest under bulkhead, MSI-X, gic-version=4 (GICv4.0 direct injection) | ${secs[msix4]} | ${xmb[msix4]} |"
	echo "| Linux guest under bulkhead, INTx (\`pci=nomsi\`: the line forwarded) | $hs | $hmb |"
	echo "| the same Linux on bare QEMU (\`pci=nomsi\`) | $bs | $bmb |"
	echo "| **ratio bulkhead / bare, both INTx** | | **$ratio** |"
	echo "| **ratio MSI-X / INTx under bulkhead, gic-version=3** | | **${xratio[msix]}** |"
	echo "| **ratio MSI-X / INTx under bulkhead, gic-version=4** | | **${xratio[msix4]}** |"
	echo
	echo "MSI-X per GIC version, during the $reads reads: MSIs are the guest's own count (the sum of its"
	echo "\`/proc/interrupts\` nvme vectors after the reads minus before), per second of reading;"
	echo "\`irq-msi\` exits and all exits are the partition's, between the two \`Ctrl-] s\` reports"
	echo "(a window that also holds the typing of the commands, so the console's \`uart\` and \`hvc-console\`"
	echo "exits are left out of the other exits); physical LPIs are the ones"
	echo "bulkhead took at EL2 for the guest (its \`vits\` stats line). On gic-version=3 each MSI is one LPI"
	echo "at EL2 injected through a list register; on gic-version=4 the GIC injects it into the running vPE."
	echo
	echo "| GIC | MSIs | seconds reading | MSIs/s | \`irq-msi\` exits | **exits per MSI** | exits but the console's (window ms) | those per MSI | physical LPIs |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
	for r in msix msix4; do
		echo "| v$(gicv $r) | ${ints[$r]} | ${rsecs[$r]} | ${int_rate[$r]} | ${msi_exits[$r]} | **${per_msi[$r]}** | ${quiet_exits[$r]} (${ms[$r]}) | ${all_per_msi[$r]} | ${lpis[$r]} |"
	done
	echo
	echo "The admin queue's \`nvme0q0\` line after the reads (the I/O queue has a vector of its own): v3 \`${irq[msix]}\`; v4 \`${irq[msix4]}\`."
	echo "INTx run: ${ints[intx]} NVMe interrupts in ${rsecs[intx]} s of reading, $intx_rate per second."
	echo
	echo "The NVMe's interrupt after the reads (\`/proc/interrupts\`: count, controller, INTID, trigger;"
	echo "\`/proc/irq/N/spurious\`: unhandled ones in Linux's current window of 100,000):"
	echo
	echo "| run | \`/proc/interrupts\` | unhandled | \`nobody cared\` |"
	echo "| --- | --- | --- | --- |"
	echo "| bulkhead guest (INTx run) | \`$hirq\` | $hun | $hnc |"
	echo "| bare QEMU | \`$birq\` | $bun | $bnc |"
	echo
	echo "INTx run, during the $reads reads (the guest's window between the two \`Ctrl-] s\` reports, $ms ms): $exits exits,"
	echo "$exit_rate per second; $cfg_during configuration-space accesses, $cfg_rate per second. By reason:"
	echo "\`$during\`."
	echo
	echo "$end"
} >"$work/section.md"
if grep -qF "$begin" "$doc"; then
	awk -v b="$begin" -v e="$end" -v f="$work/section.md" '
		$0 == b { while ((getline l < f) > 0) print l; skip = 1; next }
		$0 == e { skip = 0; next }
		!skip' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
else
	{ echo; echo "## PCI passthrough: NVMe in a Linux guest — \`bash bench/pci-nvme-bench.sh [MIB]\`"; echo
		cat "$work/section.md"; } >>"$doc"
fi
echo "pci-nvme-bench: figures written to $doc"
