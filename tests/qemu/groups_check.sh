# Shared by the groups-* scenarios: the offline tool must compute exactly the groups the
# hypervisor printed, from the topology the hypervisor exported plus QEMU's board DTB.
# Usage (inside a scenario's CHECK): groups_match_offline LOG "QEMU ARGS"
groups_match_offline() {
	local log=$1 extra=$2 dir
	dir=$(dirname "$log")
	bash scripts/run-qemu.sh --dump-dts "$dir/board-dump.dts" --extra "$extra" || return 1
	sed -n '/^--- bulkhead pci topology (DTS) ---$/,/^--- end of pci topology ---$/p' "$log" |
		sed '1d;$d' > "$dir/pci-export.dtsi"
	[ -s "$dir/pci-export.dtsi" ] || { echo "no exported topology on the console"; return 1; }
	cat "$dir/board-dump.dts" "$dir/pci-export.dtsi" > "$dir/offline.dts"
	build/bulkhead-check groups "$dir/offline.dts" | grep -E '^group [0-9]+:' > "$dir/offline.groups"
	grep -E '^group [0-9]+:' "$log" > "$dir/console.groups"
	if ! diff -u "$dir/console.groups" "$dir/offline.groups"; then
		echo "bulkhead-check's groups differ from the hypervisor's"
		return 1
	fi
}
