/* The heap region [__heap_start, __heap_end) of the image (heap_brk.c). */
#ifndef BULKHEAD_ARCH_HEAP_BRK_H
#define BULKHEAD_ARCH_HEAP_BRK_H

#include <stddef.h>

/* picolibc's malloc grows its arena with sbrk(); (void *)-1 when the region is exhausted. */
void *sbrk(ptrdiff_t incr);

/* One 4 KiB page from the heap region for the early identity map (the table builder zeroes it),
 * taken before malloc first runs; NULL when exhausted or too late. */
void *heap_early_page(void);

#endif
