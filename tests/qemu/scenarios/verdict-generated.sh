DESC="configs from the agreement generator (tests/unit/verdict_gen.c, QEMU profile: probe payload, 1-3 partitions) boot as bulkhead-check judged them: seeds 4 and 10 accepted start every partition, seeds 11 (9 regions) and 14 (a CPU twice, IPA over 40 bits) refused halt with the checker's codes"
# Each seed's config is generated (build/unit/test_verdict_agree gen SEED qemu) and checked
# offline against the board this machine is (configs/boards/qemu-virt.dts: make run's devices, the
# NVMe's disk a blank image here). The first seed is the scenario's own boot; CHECK judges it and
# boots the others. Accepted: every partition prints its probe hello, none fails creation.
# Refused: the boot halts with nothing started, and its error lines carry the checker's codes.
SEEDS=(4 10 11 14)
gdir=build/qemu/verdict-generated
mkdir -p "$gdir"
truncate -s 16M "$gdir/nvme.img"
QX="-device pcie-root-port,id=rp1,chassis=1 -drive file=$gdir/nvme.img,if=none,id=nv0,format=raw -device nvme,serial=bulkhead0,drive=nv0,bus=rp1 -device pcie-pci-bridge,id=br1 -device edu,bus=br1,addr=1,dma_mask=0xffffffffffffffff -device edu,bus=br1,addr=2,dma_mask=0xffffffffffffffff"

# SEED -> $gdir/seed-SEED.dts and the checker's verdict: seed-SEED.codes (sorted error codes,
# empty when valid) and seed-SEED.names (its partitions).
generate() {
	local s=$1 base=$gdir/seed-$1
	build/unit/test_verdict_agree gen "$s" qemu > "$base.dtb" && dtc -q -I dtb -O dts -o "$base.dts" "$base.dtb" ||
		return 1
	build/bulkhead-check check --images build/payloads configs/boards/qemu-virt.dts "$base.dts" > "$base.check" 2>&1
	grep -E '^error:' "$base.check" | grep -oE '\[[a-z0-9-]+\]$' | sort > "$base.codes"
	fdtget -l "$base.dtb" /partitions > "$base.names"
}

for s in "${SEEDS[@]}"; do
	generate "$s" || echo "verdict-generated: cannot generate seed $s" >&2
done

# The run ends at each partition's hello when the checker accepted the config, else at the halt.
until_of() {
	echo '(probe: hello from partition|bulkhead: halted: nothing was started)'
}
count_of() {
	if [ -s "$gdir/seed-$1.codes" ]; then echo 1; else wc -l < "$gdir/seed-$1.names"; fi
}

ARGS=(--config "$gdir/seed-${SEEDS[0]}.dts" --extra "$QX")
UNTIL=$(until_of)
UNTIL_COUNT=$(count_of "${SEEDS[0]}")
TIMEOUT=40

# SEED LOG: the boot's verdict is the checker's.
judge() {
	local s=$1 log=$2 base=$gdir/seed-$1 n name
	if [ -s "$base.codes" ]; then
		grep -aq '^bulkhead: halted: nothing was started' "$log" || { echo "seed $s: refused by the checker, but the boot did not halt with nothing started"; return 1; }
		grep -aE '^error:' "$log" | grep -oE '\[[a-z0-9-]+\]$' | sort > "$base.boot-codes"
		diff -u "$base.codes" "$base.boot-codes" > "$base.diff" || { echo "seed $s: error codes differ: $(tr '\n' ' ' < "$base.diff")"; return 1; }
		! grep -aq 'probe:' "$log" || { echo "seed $s: refused, yet a partition ran"; return 1; }
		[ -s "$base.boot-codes" ] || { echo "seed $s: no error line"; return 1; }
	else
		n=$(wc -l < "$base.names")
		grep -aq "^bulkhead: $n of $n partitions started" "$log" || { echo "seed $s: not all $n partitions started"; return 1; }
		while read -r name; do
			grep -aqE "^\[$name\] probe: hello from partition" "$log" || { echo "seed $s: no hello from $name"; return 1; }
		done < "$base.names"
		! grep -aE 'cannot be created|^error:' "$log" || { echo "seed $s: creation error"; return 1; }
	fi
	echo "seed $s: $(if [ -s "$base.codes" ]; then echo "refused $(tr '\n' ' ' < "$base.codes")"; else echo "accepted, $n partitions started"; fi)"
}

CHECK() {
	local s st
	judge "${SEEDS[0]}" "$1" || return 1
	for s in "${SEEDS[@]:1}"; do
		st=$(bash scripts/run-qemu.sh --disk "$gdir/seed-$s.img" --log "$gdir/seed-$s.log" --timeout "$TIMEOUT" \
			--until "$(until_of)" --until-count "$(count_of "$s")" --config "$gdir/seed-$s.dts" --extra "$QX" 2>"$gdir/seed-$s.err")
		grep -aqE "$(until_of)" "$gdir/seed-$s.log" || { echo "seed $s: QEMU $st before the finish line"; return 1; }
		judge "$s" "$gdir/seed-$s.log" || return 1
	done
	# At least one accepted and one refused config among the seeds.
	[ -n "$(for s in "${SEEDS[@]}"; do [ -s "$gdir/seed-$s.codes" ] || echo a; done)" ] || { echo "no seed accepted"; return 1; }
	[ -n "$(for s in "${SEEDS[@]}"; do [ -s "$gdir/seed-$s.codes" ] && echo r; done)" ] || { echo "no seed refused"; return 1; }
}
REJECT=('FAIL' '^fault:')
