/* Reading a DTB, or compiling a DTS with dtc first, for the host checker. */
#include "tools/load_blob.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *read_stream(FILE *f, size_t *size)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);

	while (buf) {
		size_t n = fread(buf + len, 1, cap - len, f);

		len += n;
		if (len < cap)
			break;
		cap *= 2;
		char *p = realloc(buf, cap);
		if (!p) {
			free(buf);
			return NULL;
		}
		buf = p;
	}
	*size = len;
	return buf;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

void *load_blob(const char *path, size_t *size, enum load_failure *why)
{
	FILE *f;
	void *blob;

	*why = LOAD_UNREADABLE;
	if (ends_with(path, ".dts")) {
		char cmd[4096];

		/* dtc reads the file itself, so only the path needs quoting. */
		if (strchr(path, '\'') ||
		    snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb '%s'", path) >= (int)sizeof(cmd)) {
			fprintf(stderr, "bulkhead-check: %s: unusable path\n", path);
			return NULL;
		}
		f = popen(cmd, "r");
		if (!f) {
			fprintf(stderr, "bulkhead-check: cannot run dtc for %s\n", path);
			return NULL;
		}
		blob = read_stream(f, size);
		if (pclose(f) != 0) {
			/* dtc could run: an unreadable file is its complaint too, but a syntax error is
			 * far likelier and is invalid input. */
			fprintf(stderr, "bulkhead-check: dtc failed on %s (its messages above)\n", path);
			free(blob);
			*why = access(path, R_OK) == 0 ? LOAD_INVALID : LOAD_UNREADABLE;
			return NULL;
		}
		return blob;
	}
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return NULL;
	}
	blob = read_stream(f, size);
	fclose(f);
	return blob;
}

bool blob_is_fdt(const void *blob, size_t size)
{
	return size >= sizeof(struct fdt_header) && fdt_check_header(blob) == 0 && fdt_totalsize(blob) <= size;
}
