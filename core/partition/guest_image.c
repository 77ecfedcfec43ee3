#include "core/partition/guest_image.h"

#include <string.h>

#include "core/base/addr.h"

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

bool arm64_image_parse(const void *img, size_t size, struct arm64_image *out, const char **why)
{
	const uint8_t *p = img;
	uint32_t magic;

	if (size < ARM64_IMAGE_HEADER_SIZE) {
		*why = "smaller than an arm64 Image header";
		return false;
	}
	magic = (uint32_t)p[56] | ((uint32_t)p[57] << 8) | ((uint32_t)p[58] << 16) | ((uint32_t)p[59] << 24);
	if (magic != ARM64_IMAGE_MAGIC) {
		*why = "no arm64 Image header (magic \"ARM\\x64\" missing at offset 56)";
		return false;
	}
	out->text_offset = le64(p + 8);
	out->image_size = le64(p + 16);
	out->flags = le64(p + 24);
	if (out->flags & ARM64_IMAGE_FLAG_BE) {
		*why = "big-endian kernel";
		return false;
	}
	/* image_size 0 is an old kernel (before 3.17): the protocol says assume text_offset 0x80000. */
	if (out->image_size == 0) {
		out->text_offset = 0x80000;
		out->image_size = align_up(size, SZ_4K) + SZ_2M;
	}
	if (out->image_size < size) {
		*why = "image_size in the header is smaller than the file";
		return false;
	}
	if (out->text_offset >= SZ_2M * 16 || !is_aligned(out->text_offset, SZ_4K)) {
		*why = "implausible text_offset";
		return false;
	}
	return true;
}

bool guest_layout_compute(const struct part_mem *mem, const struct arm64_image *img, size_t initrd_size,
			  size_t dtb_size, struct guest_layout *out, const char **why)
{
	uint64_t base = align_up(mem->ipa, SZ_2M);
	uint64_t end = mem->ipa + mem->size;
	uint64_t dtb_slot = align_up(dtb_size ? dtb_size : 1, SZ_2M);

	memset(out, 0, sizeof(*out));
	if (dtb_size > GUEST_DTB_MAX) {
		*why = "generated device tree is larger than 2 MiB";
		return false;
	}
	out->kernel_ipa = base + img->text_offset;
	out->kernel_end = out->kernel_ipa + img->image_size;
	/* text_offset and image_size come from the guest's image header: compare sizes, not sums
	 * that a huge image_size would wrap past 2^64. */
	if (base >= end || img->text_offset > end - base || img->image_size > end - out->kernel_ipa ||
	    end - out->kernel_end < dtb_slot) {
		*why = "kernel image and device tree do not fit the first memory region";
		return false;
	}
	out->dtb_ipa = align_down(end - dtb_slot, SZ_2M);
	if (out->dtb_ipa < align_up(out->kernel_end, SZ_2M)) {
		*why = "kernel image and device tree do not fit the first memory region";
		return false;
	}
	if (initrd_size) {
		uint64_t start = align_down(out->dtb_ipa - initrd_size, SZ_4K);

		if (out->dtb_ipa < initrd_size || start < align_up(out->kernel_end, SZ_2M)) {
			*why = "initrd does not fit between the kernel and the device tree";
			return false;
		}
		out->initrd_ipa = start;
		out->initrd_end = start + initrd_size;
	}
	return true;
}
