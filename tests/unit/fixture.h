#ifndef BULKHEAD_TESTS_FIXTURE_H
#define BULKHEAD_TESTS_FIXTURE_H

#include <stddef.h>

/* Load build/fixtures/NAME (a DTB compiled from tests/unit/fixtures/NAME's .dts); aborts if it is
 * missing. The caller frees the result. Tests run from the repository root. */
void *fixture_load(const char *name, size_t *size);
/* Same for any path relative to the repository root (e.g. build/configs/demo.dtb). */
void *fixture_load_path(const char *path, size_t *size);

#endif
