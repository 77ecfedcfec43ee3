/* Shared by config_parse*.c; not for other modules. */
#ifndef BULKHEAD_CORE_PARSE_INTERNAL_H
#define BULKHEAD_CORE_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/config/config.h"

struct parser {
	const void *fdt;
	struct diag_list *dl;
};

/* Append one zeroed element of `elem` bytes to a malloc'd array; false on OOM. */
bool parse_push(void **array, size_t *count, size_t elem);
/* A character of a partition or channel name: a-z 0-9 - _. */
bool parse_name_char_ok(char c);
/* Every property of `node` must be one of `known` (NULL-terminated): cfg-unknown-property. */
void parse_check_props(const struct parser *p, int node, const char *path, const char *const *known, const char *what);

/* /channels (config_parse_channels.c): every child a channel, every grandchild a partition's
 * mapping of it. */
void parse_channels(const struct parser *p, int node, struct config *cfg);
void free_channels(struct config *cfg);

#endif
