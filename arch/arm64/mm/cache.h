/* Memory scrubbing and cache maintenance by address, for memory that changes hands: a
 * partition's RAM before it (re)starts, the staging area once copied. */
#ifndef BULKHEAD_ARCH_MM_CACHE_H
#define BULKHEAD_ARCH_MM_CACHE_H

#include <stdint.h>

/* Write zeros over [pa, pa + size) and clean them to the point of coherency, so that a reader
 * with caches off (a guest before its MMU is on, or through a non-cacheable mapping) sees zeros
 * too, not what memory held before. Any alignment. */
void mem_zero_to_poc(uint64_t pa, uint64_t size);

/* Write zeros over [pa, pa + size) through the cache only: for memory no partition can map and
 * only the hypervisor reads, with its caches on (the staging area). */
void mem_zero(uint64_t pa, uint64_t size);

/* Copy [src, src + size) to dst and clean what was written to the point of coherency, as memcpy
 * and dcache_clean_poc would, in one pass over the destination where the alignment allows (a
 * partition's images, copied into its memory before it runs with caches off). No overlap. */
void mem_copy_to_poc(void *dst, const void *src, uint64_t size);

/* Clean [p, p + size) to the point of coherency. */
void dcache_clean_poc(const void *p, uint64_t size);

/* Clean and invalidate [p, p + size) to the point of coherency: memory another CPU is about to use
 * with its MMU off (no line of ours may later overwrite what it writes there). */
void dcache_clean_inval_poc(const void *p, uint64_t size);

/* Invalidate every instruction cache in the inner shareable domain: code was written as data. */
void icache_inval_all(void);

#endif
