#ifndef BULKHEAD_TOOLS_LOAD_BLOB_H
#define BULKHEAD_TOOLS_LOAD_BLOB_H

#include <stdbool.h>
#include <stddef.h>

/* Why load_blob() returned NULL: the file could not be read (exit status 2, like a usage
 * error), or it is a .dts that dtc refused (invalid input: exit status 1, like any other). */
enum load_failure { LOAD_UNREADABLE = 2, LOAD_INVALID = 1 };

/* Read a file; a path ending in .dts is compiled with dtc first. NULL (with a message and
 * *why set) on error. */
void *load_blob(const char *path, size_t *size, enum load_failure *why);
/* The buffer holds a whole, valid FDT header. */
bool blob_is_fdt(const void *blob, size_t size);

#endif
