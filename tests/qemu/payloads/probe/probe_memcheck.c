/* `memcheck`: write a pattern over the partition's RAM, except what is in use (the image with
 * its stacks and tables, the DTB, the initrd, /memreserve/ entries), then read it all back.
 * The pattern is the address XOR a constant, so a store that lands at another address (an
 * aliased or overlapping mapping) shows as well as a lost one. */
#include <libfdt.h>
#include <stdbool.h>

#include "hvc.h"
#include "probe.h"

#define PATTERN UINT64_C(0x5aa5c33c96690ff0)

static unsigned exclusions(const struct rt_boot *b, struct probe_span *ex)
{
	unsigned n = 0;
	int rsv = fdt_num_mem_rsv(b->fdt);

	ex[n++] = (struct probe_span){ rt_image_base(), rt_image_end() };
	ex[n++] = (struct probe_span){ (uint64_t)(uintptr_t)b->fdt, (uint64_t)(uintptr_t)b->fdt + b->fdt_size };
	if (b->initrd)
		ex[n++] = (struct probe_span){ b->initrd_range.base, b->initrd_range.base + b->initrd_range.size };
	for (int i = 0; i < rsv && n < PROBE_MAX_EXCL; i++) {
		uint64_t a, s;

		if (fdt_get_mem_rsv(b->fdt, i, &a, &s) == 0)
			ex[n++] = (struct probe_span){ a, a + s };
	}
	/* Sorted by start, for the sweep below. */
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && ex[j].start < ex[j - 1].start; j--) {
			struct probe_span t = ex[j];

			ex[j] = ex[j - 1];
			ex[j - 1] = t;
		}
	return n;
}

static void add_span(struct probe_span *spans, unsigned *n, uint64_t start, uint64_t end)
{
	start = (start + 7) & ~UINT64_C(7);
	end &= ~UINT64_C(7);
	if (start < end && *n < PROBE_MAX_SPANS)
		spans[(*n)++] = (struct probe_span){ start, end };
}

static bool verify(const struct probe_span *s, uint64_t *bad, uint64_t *got)
{
	for (volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)s->start;
	     p < (volatile uint64_t *)(uintptr_t)s->end; p++) {
		uint64_t want = (uint64_t)(uintptr_t)p ^ PATTERN;
		uint64_t v = *p;

		if (v != want) {
			*bad = (uint64_t)(uintptr_t)p;
			*got = v;
			return false;
		}
	}
	return true;
}

/* The partition's RAM minus what is in use (8-byte aligned spans, ascending). Also the memory
 * `scan=` searches: everything there is either the hypervisor's doing or left over. */
unsigned probe_free_spans(struct probe_span spans[PROBE_MAX_SPANS])
{
	const struct rt_boot *b = probe_boot;
	struct probe_span ex[PROBE_MAX_EXCL];
	unsigned n_ex = exclusions(b, ex), n = 0;

	for (unsigned r = 0; r < b->n_ram; r++) {
		uint64_t cur = b->ram[r].base, end = b->ram[r].base + b->ram[r].size;

		for (unsigned i = 0; i < n_ex; i++) {
			if (ex[i].end <= cur || ex[i].start >= end)
				continue;
			if (ex[i].start > cur)
				add_span(spans, &n, cur, ex[i].start);
			if (ex[i].end > cur)
				cur = ex[i].end;
		}
		if (cur < end)
			add_span(spans, &n, cur, end);
	}
	return n;
}

void probe_memcheck(void)
{
	const struct rt_boot *b = probe_boot;
	struct probe_span spans[PROBE_MAX_SPANS];
	unsigned n = probe_free_spans(spans);
	uint64_t tested = 0, bad, got;

	/* All writes first, then all reads: a store that went astray into another span shows. */
	for (unsigned i = 0; i < n; i++) {
		for (volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)spans[i].start;
		     p < (volatile uint64_t *)(uintptr_t)spans[i].end; p++)
			*p = (uint64_t)(uintptr_t)p ^ PATTERN;
		tested += spans[i].end - spans[i].start;
	}
	for (unsigned i = 0; i < n; i++) {
		if (!verify(&spans[i], &bad, &got)) {
			con_printf("probe: FAIL memcheck at 0x%lx: read 0x%lx, wrote 0x%lx\n", (unsigned long)bad,
				   (unsigned long)got, (unsigned long)(bad ^ PATTERN));
			return;
		}
	}
	/* The exclusions are this file's own logic: make sure they held. */
	if (fdt_check_header(b->fdt) != 0) {
		con_printf("probe: FAIL memcheck overwrote the DTB at 0x%lx\n", (unsigned long)(uintptr_t)b->fdt);
		return;
	}
	con_printf("probe: memcheck ok %lu MiB\n", (unsigned long)(tested >> 20));
}
