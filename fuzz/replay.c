/* Every input in fuzz/regressions/ through fuzz/fuzz_config.c's entry point (REGRESSIONS and the
 * target another pair: fuzz/regressions-verdict/ and fuzz/fuzz_verdict.c), built like the unit
 * tests (gcc, ASan, UBSan, no libFuzzer) and run by make test: one cmocka test per input, named
 * after its file. Each input runs in a child process, so a crash, a sanitizer report, a leak or
 * a hang (10 s, libFuzzer's -timeout in fuzz/run.sh) fails that input's test and no other. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/fixture.h"
#include "tests/unit/fixture_tests.h"

#ifndef REGRESSIONS /* the Makefile builds one replay per fuzz target */
#define REGRESSIONS "fuzz/regressions"
#endif
#ifndef REPLAY_NAME
#define REPLAY_NAME "fuzz_regressions"
#endif
#define TIMEOUT_S 10

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void test_input(void **state)
{
	const char *path = *state;
	size_t size;
	uint8_t *in = fixture_load_path(path, &size);
	pid_t pid;
	int st;

	fflush(NULL); /* the child must not print the parent's buffered output again */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(TIMEOUT_S);
		LLVMFuzzerTestOneInput(in, size);
		free(in);
		exit(0); /* through exit(), so LeakSanitizer checks the child */
	}
	free(in);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st))
		fail_msg("%s: %s", path, WTERMSIG(st) == SIGALRM ? "hang (over 10 s)" : strsignal(WTERMSIG(st)));
	if (WEXITSTATUS(st) != 0)
		fail_msg("%s: exit status %d (sanitizer report above)", path, WEXITSTATUS(st));
}

int main(void)
{
	struct fixture_tests t = { 0 };

	if (fixture_tests_add_dir(&t, "fuzz", REGRESSIONS, "", test_input, NULL, NULL) == 0) {
		fprintf(stderr, "%s holds no input\n", REGRESSIONS);
		return 1;
	}
	return fixture_tests_run(REPLAY_NAME, &t);
}
