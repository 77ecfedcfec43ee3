/* Word-at-a-time memory and string functions (mem_words.c): the hypervisor's memcpy, memmove,
 * memset, memcmp, memchr, strlen and strnlen. Same contracts as the C library's. */
#ifndef BULKHEAD_CORE_BASE_MEM_WORDS_H
#define BULKHEAD_CORE_BASE_MEM_WORDS_H

#include <stddef.h>

void *bh_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *bh_memmove(void *dst, const void *src, size_t n);
void *bh_memset(void *dst, int c, size_t n);
int bh_memcmp(const void *a, const void *b, size_t n);
size_t bh_strlen(const char *s);
void *bh_memchr(const void *s, int c, size_t n);
size_t bh_strnlen(const char *s, size_t maxlen);

#endif
