#include "tests/unit/fixture_tests.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return p;
	*cap = need * 2;
	p = realloc(p, *cap * elem);
	if (!p)
		abort();
	return p;
}

static char *own(struct fixture_tests *t, char *s)
{
	if (!s)
		abort();
	t->owned = grow(t->owned, &t->cap_owned, t->n_owned + 1, sizeof(t->owned[0]));
	t->owned[t->n_owned++] = s;
	return s;
}

void fixture_tests_add_all(struct fixture_tests *t, const struct CMUnitTest *tests, size_t n)
{
	t->tests = grow(t->tests, &t->cap, t->n + n, sizeof(t->tests[0]));
	memcpy(t->tests + t->n, tests, n * sizeof(tests[0]));
	t->n += n;
}

void fixture_tests_add(struct fixture_tests *t, const char *prefix, const char *name, CMUnitTestFunction fn,
		       void *state, CMFixtureFunction setup, CMFixtureFunction teardown)
{
	size_t len = strlen(prefix) + strlen(name) + 2;
	char *full = own(t, malloc(len));
	struct CMUnitTest one = {
		.name = full, .test_func = fn, .setup_func = setup, .teardown_func = teardown, .initial_state = state
	};

	snprintf(full, len, "%s %s", prefix, name);
	fixture_tests_add_all(t, &one, 1);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t fixture_tests_add_dir(struct fixture_tests *t, const char *prefix, const char *dir, const char *suffix,
			     CMUnitTestFunction fn, CMFixtureFunction setup, CMFixtureFunction teardown)
{
	DIR *d = opendir(dir);
	const struct dirent *e;
	size_t sl = strlen(suffix), n = 0, cap = 0;
	char **names = NULL;

	if (!d) {
		fprintf(stderr, "fixture_tests: cannot read %s (run from the repository root)\n", dir);
		abort();
	}
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (e->d_name[0] == '.' || l <= sl || strcmp(e->d_name + l - sl, suffix) != 0)
			continue;
		names = grow(names, &cap, n + 1, sizeof(names[0]));
		names[n] = strndup(e->d_name, l - sl);
		if (!names[n++])
			abort();
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + sl + 2;
		char *path = own(t, malloc(len));

		snprintf(path, len, "%s/%s%s", dir, names[i], suffix);
		fixture_tests_add(t, prefix, names[i], fn, path, setup, teardown);
		free(names[i]);
	}
	free(names);
	return n;
}

int fixture_tests_run(const char *group, struct fixture_tests *t)
{
	/* cmocka_run_group_tests() is a macro over a fixed array; this is the function it calls. */
	int failed = _cmocka_run_group_tests(group, t->tests, t->n, NULL, NULL);

	for (size_t i = 0; i < t->n_owned; i++)
		free(t->owned[i]);
	free(t->owned);
	free(t->tests);
	*t = (struct fixture_tests){ 0 };
	return failed;
}
