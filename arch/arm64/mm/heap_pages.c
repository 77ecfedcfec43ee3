/* Translation tables (stage 2, the SMMU's stage-1 mirrors) come from the hypervisor's heap. The
 * identity map makes a table's pointer its physical address. */
#include <stdlib.h>

#include "arch/arm64/mm/heap_pages.h"
#include "core/base/addr.h"
#include "core/mm/pgtable.h"

static void *heap_pages(void *ctx, unsigned pages, pa_t *out)
{
	void *p = aligned_alloc((size_t)pages * SZ_4K, (size_t)pages * SZ_4K);

	(void)ctx;
	if (p)
		*out = pa((uint64_t)p);
	return p;
}

static void heap_free(void *ctx, void *ptr, pa_t unused, unsigned pages)
{
	(void)ctx;
	(void)unused;
	(void)pages;
	free(ptr);
}

static void *heap_ptr(void *ctx, pa_t a)
{
	(void)ctx;
	return (void *)pa_val(a);
}

const struct pgtable_alloc heap_page_alloc = { heap_pages, heap_free, heap_ptr, NULL };
