/* Unit-test console: everything core/ logs is kept in a buffer so tests can assert on it, and
 * echoed to stderr when BULKHEAD_TEST_VERBOSE is set. */
#include "tests/unit/host_console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/console.h"

static char *captured;
static size_t captured_len;

void console_write(const char *s, size_t n)
{
	char *p = realloc(captured, captured_len + n + 1);

	if (!p)
		abort();
	captured = p;
	memcpy(captured + captured_len, s, n);
	captured_len += n;
	captured[captured_len] = '\0';
	if (getenv("BULKHEAD_TEST_VERBOSE"))
		fwrite(s, 1, n, stderr);
}

const char *console_captured(void)
{
	return captured ? captured : "";
}

void console_clear(void)
{
	free(captured);
	captured = NULL;
	captured_len = 0;
}
