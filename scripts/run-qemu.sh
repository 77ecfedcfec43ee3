#!/usr/bin/env bash
# Boot bulkhead on QEMU virt through Debian's U-Boot, from a generated boot disk.
#
#   run-qemu.sh [--config CONFIG.dts] [--board-dts BOARD.dts] [--selftest NAME] [--report full|summary]
#               [--export-pci] [--hyp IMAGE] [--extra "QEMU ARGS"] [--smp N] [--mem SIZE] [--machine-opts OPTS]
#               [--disk OUT.img] [--files "F1 F2"] [--log FILE --timeout SECONDS [--until REGEX [--until-count N]]]
#               [--input SCRIPT] [--image-dir DIR ...]
#   run-qemu.sh --dump-dts OUT.dts [--as-booted] [--extra ...] [--smp N] [--mem SIZE] [--machine-opts OPTS]
#
# --dump-dts writes the DTB QEMU builds for the machine as DTS and exits. QEMU builds a different
# one when it loads firmware (-bios: no PL061 and gpio-keys, as ACPI's GED takes their place), so
# --as-booted adds -bios U-Boot and a boot disk as a real run does: the board bulkhead boots with.
#
# The config's images are looked up by scripts/gen-bootscr.py (the config's directory,
# build/images, build/payloads, build) and in each --image-dir first. Interactive runs (no --log,
# e.g. `make run`) also look in .deps/linux and build/linux, where `make linux` puts Debian's
# kernel (Image) and the initramfs archives (host.cpio.gz, guest.cpio.gz); test runs name them.
#
# Without --log QEMU runs in the foreground on this terminal (leave with Ctrl-a x). With --log
# the console goes to FILE and QEMU is stopped after --timeout seconds, or as soon as a line
# matching --until (or a crash/halt line) appears; with --until-count N, once N lines match it.
#
# With --log, QEMU's console input is empty unless --input names a script of timed keystrokes,
# one command per line (blank lines and lines starting with # are skipped):
#   expect REGEX   wait until a console line after the previous expect's line matches REGEX
#                  (extended regex, CR stripped; the line may still be incomplete, e.g. a prompt)
#   seen REGEX     wait until any console line matches REGEX (for output whose order with the
#                  previous expect is not fixed, e.g. two partitions booting); later expects
#                  continue after the later of the two lines
#   send TEXT      type TEXT; printf %b escapes: \r (Enter), \x1d (Ctrl-]), \\ ...
#   sleep SECONDS
# The script runs alongside the boot; --timeout still bounds the whole run.
set -euo pipefail
cd "$(dirname "$0")/.."

hyp=build/bulkhead.bin export_pci="" dump_dts="" as_booted="" config="" board_dts="" selftest="" report="" extra="" smp=4 mem=2G disk="" log="" timeout=60 until="" until_count=1
machine_opts="virtualization=on,gic-version=3,iommu=smmuv3" files="" input="" image_dirs=()
while [ $# -gt 0 ]; do
	case "$1" in
	--config) config=$2; shift ;;
	--board-dts) board_dts=$2; shift ;;
	--selftest) selftest=$2; shift ;;
	--report) report=$2; shift ;;
	--export-pci) export_pci=1 ;;
	--hyp) hyp=$2; shift ;;
	--extra) extra=$2; shift ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--machine-opts) machine_opts=$2; shift ;;
	--disk) disk=$2; shift ;;
	--files) files=$2; shift ;;
	--log) log=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--until) until=$2; shift ;;
	--until-count) until_count=$2; shift ;;
	--dump-dts) dump_dts=$2; shift ;;
	--as-booted) as_booted=1 ;;
	--input) input=$2; shift ;;
	--image-dir) image_dirs+=(--image-dir "$2"); shift ;;
	*) echo "run-qemu.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

if [ -n "$dump_dts" ]; then
	# The DTB QEMU would hand U-Boot for this exact machine, as DTS (for patched-board tests).
	# shellcheck disable=SC2206
	extra_args=($extra)
	booted_args=()
	if [ -n "$as_booted" ]; then
		truncate -s 1M "$dump_dts.disk"
		booted_args=(-bios /usr/lib/u-boot/qemu_arm64/u-boot.bin -drive "if=virtio,format=raw,file=$dump_dts.disk")
	fi
	qemu-system-aarch64 -machine "virt,$machine_opts,dumpdtb=$dump_dts.dtb" -cpu cortex-a57 \
		-smp "$smp" -m "$mem" -nographic -nic none "${booted_args[@]}" "${extra_args[@]}" >/dev/null 2>&1
	rm -f "$dump_dts.disk"
	dtc -q -I dtb -O dts -o "$dump_dts" "$dump_dts.dtb"
	exit 0
fi

work=${disk:+$(dirname "$disk")}
work=${work:-build/qemu/run}
mkdir -p "$work"
disk=${disk:-$work/disk.img}
cmd=$work/boot.cmd
disk_files=("$hyp=bulkhead.bin")

qemu_base=(qemu-system-aarch64 -machine "virt,$machine_opts" -cpu cortex-a57 -smp "$smp" -m "$mem"
	-nographic -nic none)
# shellcheck disable=SC2206
extra_args=($extra)

fdt_expr='${fdtcontroladdr}'
{
	echo 'echo "bulkhead: boot.scr running from ${devtype} ${devnum}:${distro_bootpart}"'
	if [ -n "$board_dts" ]; then
		# A board DTB of our own (tests of malformed trees): loaded instead of QEMU's.
		dtc -q -I dts -O dtb -o "$work/board.dtb" "$board_dts"
		disk_files+=("$work/board.dtb")
		echo 'load ${devtype} ${devnum}:${distro_bootpart} 0x43000000 board.dtb'
		fdt_expr=0x43000000
	fi
	if [ -n "$selftest$export_pci$report" ]; then
		echo "fdt addr $fdt_expr"
		echo 'fdt resize 4096'
	fi
	[ -n "$selftest" ] && echo "fdt set /chosen bulkhead,selftest \"$selftest\""
	[ -n "$export_pci" ] && echo "fdt set /chosen bulkhead,export-pci"
	[ -n "$report" ] && echo "fdt set /chosen bulkhead,report \"$report\""
} > "$cmd"

if [ -n "$config" ] && [ -x scripts/gen-bootscr.py ] || { [ -n "$config" ] && [ -f scripts/gen-bootscr.py ]; }; then
	[ -z "$log" ] && image_dirs+=(--image-dir .deps/linux --image-dir build/linux)
	python3 scripts/gen-bootscr.py --prelude "$cmd" --fdt "$fdt_expr" --files-out "$work/files.list" \
		"${image_dirs[@]}" "$config" > "$cmd.full"
	mv "$cmd.full" "$cmd"
	while read -r f; do disk_files+=("$f"); done < "$work/files.list"
else
	echo 'load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} bulkhead.bin' >> "$cmd"
	echo "booti \${kernel_addr_r} - $fdt_expr" >> "$cmd"
fi
# shellcheck disable=SC2206
disk_files+=($files)
bash scripts/mkdisk.sh "$disk" "$cmd" "${disk_files[@]}"

qemu=("${qemu_base[@]}" -bios /usr/lib/u-boot/qemu_arm64/u-boot.bin
	-drive "if=virtio,format=raw,file=$disk" "${extra_args[@]}")

if [ -z "$log" ]; then
	echo "run-qemu: ${qemu[*]}"
	echo "run-qemu: leave QEMU with Ctrl-a x"
	exec "${qemu[@]}"
fi

# Types the --input script into QEMU's console (fd 3, the write end of its stdin FIFO).
feed_input() {
	local pos=0 line cmd arg n
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in '' | '#'*) continue ;; esac
		cmd=${line%% *}
		arg=""
		[ "$cmd" != "$line" ] && arg=${line#* }
		case "$cmd" in
		expect | seen)
			local from=$pos
			[ "$cmd" = seen ] && from=0
			until n=$(tr -d '\r' < "$log" | tail -n +$((from + 1)) | grep -anE -m1 -- "$arg" | cut -d: -f1) &&
				[ -n "$n" ]; do
				sleep 0.1
			done
			[ $((from + n)) -gt "$pos" ] && pos=$((from + n)) ;;
		send) printf '%b' "$arg" >&3 ;;
		sleep) sleep "$arg" ;;
		*) echo "run-qemu.sh: $input: unknown input command: $line" >&2; return 1 ;;
		esac
	done < "$input"
}

: > "$log"
feeder=""
if [ -n "$input" ]; then
	fifo=$work/console.in
	rm -f "$fifo"
	mkfifo "$fifo"
	"${qemu[@]}" < "$fifo" > "$log" 2>&1 &
	pid=$!
	exec 3> "$fifo" # opening the write end lets QEMU's open of the read end complete
	feed_input &
	feeder=$!
else
	"${qemu[@]}" < /dev/null > "$log" 2>&1 &
	pid=$!
fi
stop_re='bulkhead: (halted|cpu [0-9]+ halted)|CRASH on cpu'
[ -n "$until" ] && [ "$until_count" -le 1 ] && stop_re="$stop_re|$until"
deadline=$((SECONDS + timeout))
status=exited
while kill -0 "$pid" 2>/dev/null; do
	# The console writes CRLF; patterns may anchor with $.
	if tr -d '\r' < "$log" | grep -aqE "$stop_re"; then status=stopped; sleep 0.5; break; fi
	if [ "$until_count" -gt 1 ] && [ "$(tr -d '\r' < "$log" | grep -acE "$until")" -ge "$until_count" ]; then
		status=stopped
		sleep 0.5
		break
	fi
	if [ $SECONDS -ge $deadline ]; then status=timeout; break; fi
	sleep 0.2
done
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if [ -n "$feeder" ]; then
	kill "$feeder" 2>/dev/null || true
	wait "$feeder" 2>/dev/null || true
	exec 3>&-
	rm -f "$fifo"
fi
# Normalise the console's CRLF for the checks that follow.
sed -i 's/\r$//' "$log"
echo "$status"
