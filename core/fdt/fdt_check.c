/* fdt_check_blob(): see core/fdt/fdt_check.h. Reads the blob byte by byte (big-endian, any
 * alignment of the buffer) and never forms an offset without checking it against the block it
 * must stay in, so no input can make it read out of bounds or loop: every step moves forward by
 * at least one 4-byte token. */
#include "core/fdt/fdt_check.h"

#include <libfdt.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define HEADER_V17_SIZE 40u
#define TOKEN 4u

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t hdr(const unsigned char *b, unsigned field)
{
	return be32(b + 4 * field);
}

/* [off, off+len) inside [0, limit). */
static bool inside(uint64_t off, uint64_t len, uint64_t limit)
{
	return off <= limit && len <= limit - off;
}

static int check_memrsv(const unsigned char *b, uint32_t off, uint32_t limit)
{
	if (off % 8)
		return -FDT_ERR_ALIGNMENT;
	for (uint64_t p = off;; p += 16) {
		if (!inside(p, 16, limit))
			return -FDT_ERR_TRUNCATED;
		if (be32(b + p) == 0 && be32(b + p + 4) == 0 && be32(b + p + 8) == 0 && be32(b + p + 12) == 0)
			return 0;
	}
}

/* A NUL inside [off, end): the string there is terminated within its block. */
static bool terminated(const unsigned char *b, uint64_t off, uint64_t end)
{
	return off < end && memchr(b + off, '\0', (size_t)(end - off)) != NULL;
}

static int check_struct(const unsigned char *b, uint64_t pos, uint64_t end, uint64_t strings, uint64_t strings_end)
{
	unsigned depth = 0;
	bool root_done = false;

	for (;;) {
		uint32_t tag;

		if (!inside(pos, TOKEN, end))
			return -FDT_ERR_TRUNCATED;
		tag = be32(b + pos);
		pos += TOKEN;
		if (root_done && tag != FDT_END && tag != FDT_NOP)
			return -FDT_ERR_BADSTRUCTURE; /* a second root */
		switch (tag) {
		case FDT_BEGIN_NODE: {
			const unsigned char *nul = pos < end ? memchr(b + pos, '\0', (size_t)(end - pos)) : NULL;

			if (!nul) /* the name is not terminated inside the block */
				return -FDT_ERR_TRUNCATED;
			if (depth == 0 && nul != b + pos)
				return -FDT_ERR_BADSTRUCTURE; /* the root's name is empty */
			if (++depth > FDT_CHECK_MAX_DEPTH)
				return -FDT_ERR_BADSTRUCTURE;
			pos = (uint64_t)(nul - b) + 1;
			pos = (pos + TOKEN - 1) & ~(uint64_t)(TOKEN - 1);
			break;
		}
		case FDT_END_NODE:
			if (depth == 0)
				return -FDT_ERR_BADSTRUCTURE;
			if (--depth == 0)
				root_done = true;
			break;
		case FDT_PROP: {
			uint32_t len, nameoff;

			if (depth == 0 || !inside(pos, 8, end))
				return depth == 0 ? -FDT_ERR_BADSTRUCTURE : -FDT_ERR_TRUNCATED;
			len = be32(b + pos);
			nameoff = be32(b + pos + 4);
			pos += 8;
			if (!inside(pos, len, end))
				return -FDT_ERR_TRUNCATED;
			if (nameoff >= strings_end - strings || !terminated(b, strings + nameoff, strings_end))
				return -FDT_ERR_BADSTRUCTURE;
			pos += len;
			pos = (pos + TOKEN - 1) & ~(uint64_t)(TOKEN - 1);
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			return root_done ? 0 : -FDT_ERR_BADSTRUCTURE;
		default:
			return -FDT_ERR_BADSTRUCTURE;
		}
	}
}

int fdt_check_blob(const void *fdt, size_t bufsize)
{
	const unsigned char *b = fdt;
	uint32_t total, off_struct, off_strings, off_memrsv, size_strings, size_struct;

	if (bufsize < HEADER_V17_SIZE)
		return -FDT_ERR_TRUNCATED;
	if (hdr(b, 0) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;
	/* Version 17 (what dtc, QEMU and U-Boot write), or newer but compatible with 17. */
	if (hdr(b, 5) < 17 || hdr(b, 6) > 17)
		return -FDT_ERR_BADVERSION;
	total = hdr(b, 1);
	off_struct = hdr(b, 2);
	off_strings = hdr(b, 3);
	off_memrsv = hdr(b, 4);
	size_strings = hdr(b, 8);
	size_struct = hdr(b, 9);
	if (total > bufsize || total < HEADER_V17_SIZE || total > INT32_MAX) /* libfdt offsets are ints */
		return -FDT_ERR_TRUNCATED;
	if (!inside(off_struct, size_struct, total) || !inside(off_strings, size_strings, total) ||
	    off_struct < HEADER_V17_SIZE || off_strings < HEADER_V17_SIZE || off_memrsv < HEADER_V17_SIZE)
		return -FDT_ERR_TRUNCATED;
	if (off_struct % TOKEN || size_struct % TOKEN)
		return -FDT_ERR_ALIGNMENT;
	{
		int err = check_memrsv(b, off_memrsv, total);

		if (err)
			return err;
	}
	return check_struct(b, off_struct, (uint64_t)off_struct + size_struct, off_strings,
			    (uint64_t)off_strings + size_strings);
}
