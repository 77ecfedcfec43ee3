#include "tests/unit/fixture.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef FIXTURE_DIR
#define FIXTURE_DIR "build/fixtures"
#endif

void *fixture_load_path(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	long n;
	void *buf;

	if (!f) {
		fprintf(stderr, "fixture: cannot open %s (run from the repository root)\n", path);
		abort();
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	if (size)
		*size = (size_t)n;
	return buf;
}

void *fixture_load(const char *name, size_t *size)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", FIXTURE_DIR, name);
	return fixture_load_path(path, size);
}
