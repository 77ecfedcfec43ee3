/* Force-included into every hypervisor C file (Makefile: -include). -ffreestanding implies
 * -fno-builtin, so without this GCC calls memset even to clear a 16-byte struct; through the
 * __builtin_ names it expands small fixed sizes inline (aligned word stores, -mstrict-align
 * permitting) and calls the word-at-a-time functions of core/base/mem_words.c for the rest.
 * Function-like macros: taking a function's address, or declaring it, still names the function. */
#ifndef BULKHEAD_ARCH_STRING_BUILTINS_H
#define BULKHEAD_ARCH_STRING_BUILTINS_H

#ifndef __ASSEMBLY__
#include <string.h>

#define memcpy(dst, src, n) __builtin_memcpy(dst, src, n)
#define memmove(dst, src, n) __builtin_memmove(dst, src, n)
#define memset(dst, c, n) __builtin_memset(dst, c, n)
#define memcmp(a, b, n) __builtin_memcmp(a, b, n)
#define strlen(s) __builtin_strlen(s)
#endif

#endif
