/* One cmocka test per fixture: a test binary lists its fixed tests and then one test per entry
 * of a table or per file of a directory, each named after its fixture and handed it as its
 * state. The first failing fixture then hides none of the others, and the summary names it. */
#ifndef BULKHEAD_TESTS_FIXTURE_TESTS_H
#define BULKHEAD_TESTS_FIXTURE_TESTS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

struct fixture_tests {
	struct CMUnitTest *tests;
	size_t n, cap;
	char **owned; /* names and states allocated here, freed by fixture_tests_run */
	size_t n_owned, cap_owned;
};

/* Append the fixed tests of a binary (its usual CMUnitTest array). */
void fixture_tests_add_all(struct fixture_tests *t, const struct CMUnitTest *tests, size_t n);
#define fixture_tests_add_array(t, array) fixture_tests_add_all((t), (array), sizeof(array) / sizeof((array)[0]))

/* One test "PREFIX NAME" running fn with *state == state (setup and teardown may be NULL). */
void fixture_tests_add(struct fixture_tests *t, const char *prefix, const char *name, CMUnitTestFunction fn,
		       void *state, CMFixtureFunction setup, CMFixtureFunction teardown);

/* One test per file DIR/NAME+SUFFIX, sorted by name; its state is the string DIR/NAME+SUFFIX.
 * Returns how many; aborts when DIR cannot be read (a missing directory must not pass). */
size_t fixture_tests_add_dir(struct fixture_tests *t, const char *prefix, const char *dir, const char *suffix,
			     CMUnitTestFunction fn, CMFixtureFunction setup, CMFixtureFunction teardown);

/* Run every test as one group, free everything; returns cmocka's result (failed tests). */
int fixture_tests_run(const char *group, struct fixture_tests *t);

#endif
