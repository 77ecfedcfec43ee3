#ifndef BULKHEAD_TOOLS_LOAD_BLOB_H
#define BULKHEAD_TOOLS_LOAD_BLOB_H

#include <stdbool.h>
#include <stddef.h>

/* Read a file; a path ending in .dts is compiled with dtc first. NULL (with a message) on error. */
void *load_blob(const char *path, size_t *size);
/* The buffer holds a whole, valid FDT header. */
bool blob_is_fdt(const void *blob, size_t size);

#endif
