/* `scan=REVERSED`: search the partition's free RAM (outside the image, DTB, initrd and
 * /memreserve/) for a string, given reversed so that the bootargs and the DTB holding the command
 * do not contain the string itself. Bulkhead writes nothing else into a partition's memory, so a
 * match is something left over from before: firmware, the board DTB, the config, another
 * partition's previous life. With scrubbing, nothing is found.
 *
 * `note=TEXT` does nothing: it plants TEXT in the bootargs (and so in the config blob and the
 * partition's DTB) for another partition's scan to look for. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "hvc.h"
#include "probe.h"

#define SCAN_MAX 64

void probe_note(const char *arg)
{
	(void)arg;
}

void probe_scan(const char *arg)
{
	struct probe_span spans[PROBE_MAX_SPANS];
	unsigned n = probe_free_spans(spans);
	size_t len = strlen(arg);
	uint64_t scanned = 0;
	char needle[SCAN_MAX];

	if (len == 0 || len >= SCAN_MAX) {
		con_printf("probe: FAIL scan= needs 1 to %u characters\n", SCAN_MAX - 1);
		return;
	}
	for (size_t i = 0; i < len; i++)
		needle[i] = arg[len - 1 - i];
	needle[len] = '\0';
	for (unsigned i = 0; i < n; i++) {
		const char *base = (const char *)(uintptr_t)spans[i].start;
		const char *hit = memmem(base, spans[i].end - spans[i].start, needle, len);

		if (hit) {
			con_printf("probe: scan \"%s\": found at 0x%lx\n", needle, (unsigned long)(uintptr_t)hit);
			return;
		}
		scanned += spans[i].end - spans[i].start;
	}
	con_printf("probe: scan \"%s\": not found in %lu MiB\n", needle, (unsigned long)(scanned >> 20));
}
