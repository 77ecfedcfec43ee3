/* probe: the management hypercall (docs/guest-abi.md, "Management hypercall").
 *
 *   manage=list            list into a buffer in our RAM; print the status and every line
 *   manage=OP:NAME         stats, stop, start or restart NAME, or ring channel NAME; print the status
 *   manage=channels        list the channels this partition maps
 *   manage=outside         list into a buffer at the first RAM address past ours (refused)
 *   manage=small           list into an 8-byte buffer (too long: the length needed comes back)
 *
 * Output: "probe: manage OP -> STATUS len N", then "probe: manage: LINE" per result line. */
#include "probe.h"

#include <string.h>

#include "hvc.h"

#define HVC_BULKHEAD_MANAGE 0x86000003u

static char result[4096];

static int64_t manage_call(uint64_t op, const char *name, uint64_t buf, uint64_t size, uint64_t *len)
{
	uint64_t w[4] = { 0 };

	for (size_t i = 0; name && name[i] && i < 31; i++)
		w[i / 8] |= (uint64_t)(unsigned char)name[i] << (8 * (i % 8));
	register uint64_t x0 __asm__("x0") = HVC_BULKHEAD_MANAGE;
	register uint64_t x1 __asm__("x1") = op;
	register uint64_t x2 __asm__("x2") = buf;
	register uint64_t x3 __asm__("x3") = size;
	register uint64_t x4 __asm__("x4") = w[0];
	register uint64_t x5 __asm__("x5") = w[1];
	register uint64_t x6 __asm__("x6") = w[2];
	register uint64_t x7 __asm__("x7") = w[3];
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7)
			 :
			 : "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	*len = x1;
	return (int64_t)x0;
}

static void print_lines(uint64_t len)
{
	size_t start = 0;

	for (size_t i = 0; i < len && i < sizeof(result); i++) {
		if (result[i] != '\n')
			continue;
		result[i] = '\0';
		con_printf("probe: manage: %s\n", result + start);
		start = i + 1;
	}
}

void probe_manage(const char *arg)
{
	static const char *const ops[] = { "list", "groups", "stats", "stop", "start", "restart", "channels", "ring" };
	const char *colon = strchr(arg, ':');
	size_t oplen = colon ? (size_t)(colon - arg) : strlen(arg);
	uint64_t len = 0, buf = (uint64_t)(uintptr_t)result, size = sizeof(result), op = 0;
	int64_t r;

	if (strcmp(arg, "outside") == 0) {
		const struct rt_boot *b = probe_boot;

		buf = b->ram[b->n_ram - 1].base + b->ram[b->n_ram - 1].size - 16; /* straddles the end */
		size = 64;
		op = 1;
	} else if (strcmp(arg, "small") == 0) {
		size = 8;
		op = 1;
	} else {
		for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (strlen(ops[i]) == oplen && strncmp(arg, ops[i], oplen) == 0)
				op = i + 1;
	}
	if (!op) {
		con_printf("probe: FAIL manage: unknown operation %s\n", arg);
		return;
	}
	memset(result, 0, sizeof(result));
	r = manage_call(op, colon ? colon + 1 : NULL, buf, size, &len);
	con_printf("probe: manage %s -> %ld len %lu\n", arg, (long)r, (unsigned long)len);
	if (r == 0 && buf == (uint64_t)(uintptr_t)result)
		print_lines(len);
}
