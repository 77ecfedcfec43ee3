/* Translation-table pages from the hypervisor's heap (heap_pages.c). */
#ifndef BULKHEAD_ARCH_HEAP_PAGES_H
#define BULKHEAD_ARCH_HEAP_PAGES_H

#include "core/mm/pgtable.h"

extern const struct pgtable_alloc heap_page_alloc;

#endif
