#!/usr/bin/env bash
# Fetches Debian's own arm64 Linux kernel and busybox-static:arm64 for the Linux partition guests:
#   .deps/linux/Image     raw arm64 kernel Image (header magic "ARM\x64" at offset 56)
#   .deps/linux/busybox   static aarch64 busybox (scripts/mk-initramfs.sh packs it)
#   .deps/linux/config    the kernel's config, .deps/linux/VERSION the packages used
#   .deps/linux/modules/  the modules scripts/linux-modules.list names and all they depend on, with
#                         the modules.dep that depmod computes for the whole kernel (the package
#                         ships none); the rest of the modules (~300 MB) is not kept
#   .deps/linux/dtbs/     the package's upstream board DTBs (VENDOR/BOARD.dtb), which
#                         tests/scripts/test_board_dtbs.sh checks bulkhead against
# Idempotent: prints nothing when all is present. Everything a partition boots with, PL011, GICv3,
# arch timer, PSCI, initrd, is built in (checked below); the modules are for PCI devices.
# LINUX_DIR=DIR puts all of it in DIR instead of .deps/linux (and the .deb in DIR/../debs).
#   fetch-linux.sh [--force] [--info] [--dtbs ARCH]
#     --force      fetch again (e.g. after a Debian kernel update)
#     --info       print the packages and the kernel config facts that matter, then exit
#     --dtbs ARCH  only the board DTBs of Debian's ARCH kernel (armhf: the armmp flavour, for
#                  Calxeda highbank/ecx-2000), into .deps/linux/dtbs-ARCH
# LINUX_FLAVOUR=cloud-arm64 picks Debian's smaller cloud kernel instead of the generic arm64 one.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(realpath -m "${LINUX_DIR:-$ROOT/.deps/linux}")"
DEBS="$(dirname "$OUT")/debs"
FLAVOUR="${LINUX_FLAVOUR:-arm64}"
STAMP="$OUT/.done-$FLAVOUR+modules"

# Built-in (=y) options a partition guest cannot boot without (the initramfs loads modules only for
# PCI devices, and finds those through the built-in ECAM host bridge driver).
REQUIRED_Y=(SERIAL_AMBA_PL011 SERIAL_AMBA_PL011_CONSOLE SERIAL_EARLYCON ARM_GIC_V3 ARM_ARCH_TIMER
	ARM_PSCI_FW SMP BLK_DEV_INITRD RD_GZIP DEVTMPFS OF PCI PCI_HOST_GENERIC)
# Worth knowing when writing a partition's command line or device tree.
INFO_OPTS=(ARM_GIC_V3_ITS RANDOMIZE_BASE ACPI EFI PCI VIRTIO_MMIO VIRTIO_BLK VIRTIO_CONSOLE NR_CPUS HZ
	NO_HZ_FULL CMA_SIZE_MBYTES INIT_ON_ALLOC_DEFAULT_ON ARM64_4K_PAGES ARM64_VA_BITS RTC_DRV_PL031
	GPIO_PL061 ARM_SMMU_V3)

force=0 info=0 dtbs_arch=""
while [ $# -gt 0 ]; do
	case "$1" in
	--force) force=1 ;;
	--info) info=1 ;;
	--dtbs) [ $# -ge 2 ] || { echo "usage: $0 [--force] [--info] [--dtbs ARCH]" >&2; exit 2; }
		dtbs_arch=$2; shift ;;
	*) echo "usage: $0 [--force] [--info] [--dtbs ARCH]" >&2; exit 2 ;;
	esac
	shift
done

cfg_val() { sed -n "s/^CONFIG_$1=//p" "$OUT/config" | head -1; }

print_info() {
	local o v line=""
	sed 's/^/fetch-linux: /' "$OUT/VERSION"
	echo "fetch-linux: Image $(stat -c %s "$OUT/Image") bytes, header image_size $(header_u64 16)," \
		"text_offset $(header_u64 8), flags $(header_u64 24)"
	echo "fetch-linux: modules: $(cat "$OUT/modules/VERSION"), $(find "$OUT/modules" -name '*.ko' | wc -l) kept"
	for o in "${REQUIRED_Y[@]}"; do line+=" $o=$(cfg_val "$o")"; done
	echo "fetch-linux: required:$line"
	line=""
	for o in "${INFO_OPTS[@]}"; do v=$(cfg_val "$o"); line+=" $o=${v:-n}"; done
	echo "fetch-linux: other:$line"
}

# Little-endian u64 of the Image header at byte offset $1.
header_u64() { od -A n -t u8 -j "$1" -N 8 "$OUT/Image" | tr -d ' '; }

check_image() { # file: raw arm64 Image?
	[ "$(od -A n -t x1 -j 56 -N 4 "$1" | tr -d ' ')" = 41524d64 ]
}

check_busybox() { # file: 64-bit little-endian ELF, e_machine EM_AARCH64 (183), no PT_INTERP
	local f=$1 phoff phentsize phnum i
	[ "$(od -A n -t x1 -N 6 "$f" | tr -d ' ')" = 7f454c460201 ] || return 1
	[ "$(od -A n -t u2 -j 18 -N 2 "$f" | tr -d ' ')" = 183 ] || return 1
	phoff=$(od -A n -t u8 -j 32 -N 8 "$f" | tr -d ' ')
	phentsize=$(od -A n -t u2 -j 54 -N 2 "$f" | tr -d ' ')
	phnum=$(od -A n -t u2 -j 56 -N 2 "$f" | tr -d ' ')
	for ((i = 0; i < phnum; i++)); do
		[ "$(od -A n -t u4 -j $((phoff + i * phentsize)) -N 4 "$f" | tr -d ' ')" != 3 ] || return 1
	done
}

check_config() {
	local o bad=()
	for o in "${REQUIRED_Y[@]}"; do
		[ "$(cfg_val "$o")" = y ] || bad+=("CONFIG_$o=$(cfg_val "$o")")
	done
	if [ ${#bad[@]} -gt 0 ]; then
		echo "fetch-linux: the kernel lacks built-in ${bad[*]}: it cannot boot as a partition guest" >&2
		return 1
	fi
}

# The DTBs of a kernel package: usr/lib/linux-image-VERSION/VENDOR/BOARD.dtb, into $2.
unpack_dtbs() {
	local deb=$1 dest=$2 tmp
	tmp=$(mktemp -d)
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './usr/lib/linux-image-*'
	rm -rf "$dest"
	mkdir -p "$(dirname "$dest")"
	mv "$tmp"/usr/lib/linux-image-* "$dest"
	rm -rf "$tmp"
	[ -n "$(find "$dest" -name '*.dtb' -print -quit)" ] || { echo "fetch-linux: no DTBs in $(basename "$deb")" >&2; exit 1; }
	echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)" >"$dest/.package"
}

if [ -n "$dtbs_arch" ]; then
	case "$dtbs_arch" in
	arm64) dflavour=$FLAVOUR ;;
	armhf) dflavour=armmp ;;
	*) echo "fetch-linux: --dtbs: arm64 or armhf" >&2; exit 2 ;;
	esac
	ddest="$OUT/dtbs-$dtbs_arch"
	[ $force -eq 0 ] && [ -e "$ddest/.done" ] && exit 0
	if ! dpkg --print-foreign-architectures | grep -qx "$dtbs_arch" && [ "$(dpkg --print-architecture)" != "$dtbs_arch" ]; then
		if [ "$(id -u)" -eq 0 ]; then dpkg --add-architecture "$dtbs_arch"; else sudo dpkg --add-architecture "$dtbs_arch"; fi
		if [ "$(id -u)" -eq 0 ]; then apt-get update -qq; else sudo apt-get update -qq; fi
	fi
	dpkg_name=$(apt-cache depends --important "linux-image-$dflavour:$dtbs_arch" 2>/dev/null |
		sed -n "s/^ *Depends: \(linux-image-[0-9][^:]*-$dflavour\)\(:$dtbs_arch\)\?$/\1/p" | head -1)
	[ -n "$dpkg_name" ] || { echo "fetch-linux: cannot resolve linux-image-$dflavour:$dtbs_arch" >&2; exit 1; }
	dtmp=$(mktemp -d)
	trap 'rm -rf "$dtmp"' EXIT
	(cd "$dtmp" && apt-get download -qq -o APT::Sandbox::User="$(id -un)" "$dpkg_name-unsigned:$dtbs_arch" 2>/dev/null ||
		apt-get download -qq -o APT::Sandbox::User="$(id -un)" "$dpkg_name:$dtbs_arch")
	unpack_dtbs "$(ls "$dtmp"/*.deb | head -1)" "$ddest"
	echo "$dpkg_name" >"$ddest/.done"
	echo "fetch-linux: $(find "$ddest" -name '*.dtb' | wc -l) $dtbs_arch board DTBs in $ddest"
	exit 0
fi

if [ $force -eq 0 ] && [ -e "$STAMP" ] && [ -f "$OUT/Image" ] && [ -f "$OUT/busybox" ] &&
	[ -f "$OUT/modules/modules.dep" ] && [ -d "$OUT/dtbs" ]; then
	[ $info -eq 1 ] && print_info
	exit 0
fi
if [ $info -eq 1 ]; then
	echo "fetch-linux: nothing fetched yet; run $0 first" >&2
	exit 1
fi

log=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$log" "$work"' EXIT
run() { # quiet unless it fails
	if ! "$@" >>"$log" 2>&1; then
		cat "$log" >&2
		echo "fetch-linux: failed: $*" >&2
		exit 1
	fi
}

as_root() { # run as root (directly or through sudo), quietly unless it fails
	if [ "$(id -u)" -eq 0 ]; then run "$@"
	elif command -v sudo >/dev/null 2>&1; then run sudo "$@"
	else echo "fetch-linux: need root for: $*" >&2; exit 1; fi
}

command -v depmod >/dev/null || PATH=$PATH:/usr/sbin:/sbin
command -v depmod >/dev/null || { echo "fetch-linux: depmod is not installed (apt-get install kmod)" >&2; exit 1; }

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	as_root dpkg --add-architecture arm64
	as_root apt-get update -qq
fi

# The meta-package linux-image-arm64 depends on the current ABI's signed image,
# linux-image-6.1.0-N-arm64; its -unsigned twin holds the same kernel without the EFI signature.
resolve_kernel() {
	apt-cache depends --important "linux-image-$FLAVOUR:arm64" 2>/dev/null |
		sed -n "s/^ *Depends: \(linux-image-[0-9][^:]*-$FLAVOUR\)\(:arm64\)\?$/\1/p" | head -1
}
kpkg=$(resolve_kernel)
if [ -z "$kpkg" ]; then
	as_root apt-get update -qq
	kpkg=$(resolve_kernel)
fi
[ -n "$kpkg" ] || { echo "fetch-linux: cannot resolve linux-image-$FLAVOUR:arm64 with apt-cache" >&2; exit 1; }
kpkg="$kpkg-unsigned"

mkdir -p "$DEBS" "$OUT"
download() { # apt-get download into .deps/debs, replacing older versions of the same package
	local p=$1
	rm -f "$DEBS/${p}"_*_arm64.deb
	(cd "$DEBS" && apt-get download -qq -o APT::Sandbox::User="$(id -un)" "$p:arm64") >>"$log" 2>&1 ||
		{ as_root apt-get update -qq && (cd "$DEBS" && run apt-get download -qq \
			-o APT::Sandbox::User="$(id -un)" "$p:arm64"); }
	ls "$DEBS/${p}"_*_arm64.deb >/dev/null 2>&1 || { cat "$log" >&2; echo "fetch-linux: no $p:arm64" >&2; exit 1; }
}
download "$kpkg"
download busybox-static

kdeb=$(ls "$DEBS/${kpkg}"_*_arm64.deb)
bdeb=$(ls "$DEBS/busybox-static"_*_arm64.deb)

# /boot and the modules of the kernel package; the modules are cut down below.
mkdir -p "$work/k" "$work/b"
dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$work/k" --wildcards './boot/*' './lib/modules/*'
dpkg-deb --fsys-tarfile "$bdeb" | tar -x -C "$work/b" ./bin/busybox
files=("$work"/k/boot/vmlinuz-*) && vmlinuz=${files[0]}
files=("$work"/k/boot/config-*) && config=${files[0]}
if [ ! -f "$vmlinuz" ] || [ ! -f "$config" ]; then
	echo "fetch-linux: no vmlinuz/config in $(basename "$kdeb")" >&2
	exit 1
fi

# Debian's arm64 vmlinuz has been both a gzip-compressed Image and a raw one; accept either.
if [ "$(od -A n -t x1 -N 2 "$vmlinuz" | tr -d ' ')" = 1f8b ]; then
	gzip -dc "$vmlinuz" >"$work/Image"
else
	cp "$vmlinuz" "$work/Image"
fi
check_image "$work/Image" || { echo "fetch-linux: $(basename "$vmlinuz") is not an arm64 Image" >&2; exit 1; }
check_busybox "$work/b/bin/busybox" ||
	{ echo "fetch-linux: busybox in $(basename "$bdeb") is not a static aarch64 ELF" >&2; exit 1; }

cp "$config" "$OUT/config"
check_config

# modules.dep for the whole kernel, then only the listed modules and their dependencies.
kver=${vmlinuz##*/vmlinuz-}
run depmod -b "$work/k" "$kver"
mdir="$work/k/lib/modules/$kver"
mapfile -t wanted < <(sed 's/#.*//' "$ROOT/scripts/linux-modules.list" | tr -s ' \t' '\n' | sed '/^$/d')
mapfile -t closure < <(bash "$ROOT/scripts/modules-closure.sh" "$mdir/modules.dep" "${wanted[@]}")
[ ${#closure[@]} -gt 0 ] || { echo "fetch-linux: cannot resolve the modules of scripts/linux-modules.list" >&2; exit 1; }
rm -rf "$OUT/modules.new"
mkdir -p "$OUT/modules.new"
(cd "$mdir" && cp --parents modules.dep modules.order modules.builtin "${closure[@]}" "$OUT/modules.new/")
echo "$kver" >"$OUT/modules.new/VERSION"
rm -rf "$OUT/modules"
mv "$OUT/modules.new" "$OUT/modules"
unpack_dtbs "$kdeb" "$OUT/dtbs"
install -m 0644 "$work/Image" "$OUT/Image"
install -m 0755 "$work/b/bin/busybox" "$OUT/busybox"
{
	echo "kernel $kpkg $(dpkg-deb -f "$kdeb" Version) ($(basename "$vmlinuz"))"
	echo "busybox busybox-static $(dpkg-deb -f "$bdeb" Version)"
} >"$OUT/VERSION"
rm -f "$OUT"/.done-* "$kdeb" # the kernel .deb (60 MB) is not needed once /boot and the modules are out
touch "$STAMP"
print_info
