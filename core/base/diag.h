/* Errors and warnings as values, collected and reported together like a compiler's.
 *
 * Each diagnostic carries a stable code (a short kebab-case string such as "dt-truncated-property"
 * or "cfg-split-group"; the dt-* codes are listed in docs/console.md, pci-* in docs/groups.md,
 * cfg-* in docs/config.md), the device-tree node path or partition it
 * concerns, the property when there is one, and a message. Tests assert on the code and on the
 * message; the console and bulkhead-check print them with diag_print(). */
#ifndef BULKHEAD_CORE_DIAG_H
#define BULKHEAD_CORE_DIAG_H

#include <stdbool.h>
#include <stddef.h>

enum diag_severity { DIAG_ERROR, DIAG_WARNING };

struct diag {
	enum diag_severity severity;
	const char *code; /* static string */
	char *path;       /* node path or partition name, or NULL */
	char *property;   /* property name, or NULL */
	char *message;
};

struct diag_list {
	struct diag *items;
	size_t count;
	size_t cap;
	size_t errors;
	size_t warnings;
	bool out_of_memory; /* a diagnostic could not be stored: the verdict is still "error" */
};

void diag_init(struct diag_list *dl);
void diag_free(struct diag_list *dl);

void diag_add(struct diag_list *dl, enum diag_severity sev, const char *code, const char *path, const char *property,
	      const char *fmt, ...) __attribute__((format(printf, 6, 7)));
#define diag_error(dl, code, path, prop, ...) diag_add(dl, DIAG_ERROR, code, path, prop, __VA_ARGS__)
#define diag_warn(dl, code, path, prop, ...) diag_add(dl, DIAG_WARNING, code, path, prop, __VA_ARGS__)

static inline bool diag_has_errors(const struct diag_list *dl)
{
	return dl->errors > 0 || dl->out_of_memory;
}

/* First diagnostic with this code, or NULL. */
const struct diag *diag_find(const struct diag_list *dl, const char *code);

/* One line each: "error: PATH: PROPERTY: MESSAGE [CODE]" (path/property omitted when NULL). */
void diag_print(const struct diag_list *dl);
void diag_print_one(const struct diag *d);

#endif
