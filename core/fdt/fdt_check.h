/* A whole-blob check to run on every untrusted DTB before any other libfdt call.
 *
 * libfdt's readers trust the structure block once fdt_check_header() passes, and libfdt 1.6.1's
 * own fdt_check_full() is not safe on hostile input either: fuzz/ found it dereferencing NULL on
 * an old-version header and looping forever on a property whose length wraps the offset
 * (fdt_next_tag adds it to an int). This walker reads every token itself, with every length
 * checked against what is left of its block, so that a blob it accepts is one libfdt walks
 * safely. */
#ifndef BULKHEAD_CORE_FDT_CHECK_H
#define BULKHEAD_CORE_FDT_CHECK_H

#include <stddef.h>

/* The maximum node depth accepted (libfdt has no limit; recursion in callers may). */
#define FDT_CHECK_MAX_DEPTH 64

/* 0 when `fdt`, of which `bufsize` bytes are readable, is a well-formed version-17 DTB:
 * header fields within bounds and aligned, memory reservation map terminated, structure block
 * made of valid tokens with names and property names NUL-terminated inside their blocks,
 * properties within the block, balanced nodes, exactly one root with an empty name, FDT_END
 * last. Otherwise a negative libfdt error code (-FDT_ERR_*: fdt_strerror() names it). */
int fdt_check_blob(const void *fdt, size_t bufsize);

#endif
