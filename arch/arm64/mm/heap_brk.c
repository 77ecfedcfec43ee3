/* The heap region's break, shared by the early page tables and picolibc's malloc.
 *
 * The early identity map is built with the MMU off, before anything is allocated: its tables are
 * the first pages of the heap region, as many as it needs, instead of a fixed pool in .bss. Then
 * malloc takes the break from there (this sbrk replaces picolibc's, which starts at
 * __heap_start). The early tables stay in use until mmu_map_platform() switches to the final map;
 * they are never given back (a few pages). */
#include "arch/arm64/mm/heap_brk.h"

#include <stdint.h>

#include "core/base/addr.h"

extern char __heap_start[], __heap_end[];

static char *brk = __heap_start;

void *sbrk(ptrdiff_t incr)
{
	char *prev = brk;

	if (incr < 0 ? (size_t)(prev - __heap_start) < (size_t)-incr : (size_t)(__heap_end - prev) < (size_t)incr)
		return (void *)-1;
	brk += incr;
	return prev;
}

void *heap_early_page(void)
{
	void *page;

	if (!is_aligned((uint64_t)(uintptr_t)brk, SZ_4K))
		return NULL; /* malloc has run: the early map is built before it */
	page = sbrk((ptrdiff_t)SZ_4K);
	return page == (void *)-1 ? NULL : page;
}
