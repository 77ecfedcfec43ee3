#!/usr/bin/env bash
# Installs what bulkhead needs from Debian's packages, and nothing when all is present.
# Idempotent and quiet: prints one line when there is nothing to do.
set -euo pipefail

NATIVE_PKGS=(
  make gcc gcc-aarch64-linux-gnu libc6-dev-arm64-cross picolibc-aarch64-linux-gnu libfdt-dev device-tree-compiler
  qemu-system-arm u-boot-qemu u-boot-tools dosfstools mtools fdisk libcmocka-dev clang
  clang-format cppcheck
  python3 cpio kmod
)
# libfdt-dev is not Multi-Arch: same, so libfdt-dev:arm64 cannot be installed beside the host's
# libfdt-dev. Its static library is unpacked into the project instead (.deps/arm64).
ARM64_DEBS=(libfdt-dev)
DEPS_DIR="$(cd "$(dirname "$0")/.." && pwd)/.deps"

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then echo sudo; else
      echo "setup: need root to install packages: $*" >&2; exit 1; fi
  fi
}

missing=()
for p in "${NATIVE_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

fetch_arm64_debs() {
  local deb
  for deb in "${ARM64_DEBS[@]}"; do
    [ -e "$DEPS_DIR/arm64/.$deb.done" ] && continue
    mkdir -p "$DEPS_DIR/arm64" "$DEPS_DIR/debs"
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
      $SUDO dpkg --add-architecture arm64
      $SUDO apt-get update -qq >/dev/null
    fi
    (cd "$DEPS_DIR/debs" && rm -f "${deb}"_*_arm64.deb &&
      { apt-get download -qq "$deb:arm64" >/dev/null 2>&1 ||
        { $SUDO apt-get update -qq >/dev/null && apt-get download -qq "$deb:arm64" >/dev/null; }; })
    dpkg-deb -x "$DEPS_DIR/debs/${deb}"_*_arm64.deb "$DEPS_DIR/arm64"
    touch "$DEPS_DIR/arm64/.$deb.done"
    echo "setup: unpacked $deb:arm64 into .deps/arm64"
  done
}

if [ ${#missing[@]} -eq 0 ]; then
  SUDO=$(need_root "arm64 packages")
  fetch_arm64_debs
  echo "setup: all dependencies present"
  exit 0
fi

SUDO=$(need_root "${missing[*]}")
echo "setup: installing ${missing[*]}"
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $SUDO dpkg --add-architecture arm64
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fetch_arm64_debs
echo "setup: done"
