#include "core/base/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/format.h"
#include "core/base/log.h"

void diag_init(struct diag_list *dl)
{
	memset(dl, 0, sizeof(*dl));
}

void diag_free(struct diag_list *dl)
{
	for (size_t i = 0; i < dl->count; i++) {
		free(dl->items[i].path);
		free(dl->items[i].property);
		free(dl->items[i].message);
	}
	free(dl->items);
	diag_init(dl);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void diag_add(struct diag_list *dl, enum diag_severity sev, const char *code, const char *path, const char *property,
	      const char *fmt, ...)
{
	char msg[LOG_LINE_MAX];
	va_list ap;
	struct diag *d;

	if (sev == DIAG_ERROR)
		dl->errors++;
	else
		dl->warnings++;

	if (dl->count == dl->cap) {
		size_t cap = dl->cap ? dl->cap * 2 : 16;
		struct diag *items = realloc(dl->items, cap * sizeof(*items));

		if (!items) {
			dl->out_of_memory = true;
			return;
		}
		dl->items = items;
		dl->cap = cap;
	}

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	d = &dl->items[dl->count];
	d->severity = sev;
	d->code = code;
	d->path = dup_or_null(path);
	d->property = dup_or_null(property);
	d->message = strdup(msg);
	if ((path && !d->path) || (property && !d->property) || !d->message) {
		free(d->path);
		free(d->property);
		free(d->message);
		dl->out_of_memory = true;
		return;
	}
	dl->count++;
}

const struct diag *diag_find(const struct diag_list *dl, const char *code)
{
	for (size_t i = 0; i < dl->count; i++)
		if (strcmp(dl->items[i].code, code) == 0)
			return &dl->items[i];
	return NULL;
}

void diag_print_one(const struct diag *d)
{
	log_printf("%s: %s%s%s%s%s [%s]\n", d->severity == DIAG_ERROR ? "error" : "warning", d->path ? d->path : "",
		   d->path ? ": " : "", d->property ? d->property : "", d->property ? ": " : "", d->message, d->code);
}

void diag_print(const struct diag_list *dl)
{
	for (size_t i = 0; i < dl->count; i++)
		diag_print_one(&dl->items[i]);
	if (dl->out_of_memory)
		log_printf("error: out of memory while recording diagnostics [oom]\n");
}
