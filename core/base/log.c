#include "core/base/log.h"

#include <string.h>

#include "core/base/console.h"
#include "core/base/format.h"

void log_write(const char *s, size_t n)
{
	static const char mark[] = "...\n";
	char line[LOG_LINE_MAX];

	if (n < LOG_LINE_MAX) {
		console_write(s, n);
		return;
	}
	/* Too long: say so rather than silently dropping the end of a diagnostic. */
	memcpy(line, s, LOG_LINE_MAX - sizeof(mark));
	memcpy(line + LOG_LINE_MAX - sizeof(mark), mark, sizeof(mark));
	console_write(line, LOG_LINE_MAX - 1);
}

void log_vprintf(const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	int n = fmt_vsnprintf(line, sizeof(line), fmt, ap);

	if (n >= 0)
		log_write(line, (size_t)n); /* past the buffer only when n says it is too long */
}

void log_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}

static bool summary;
static size_t left_out;

void log_set_summary(bool on)
{
	summary = on;
}

size_t log_detail_left_out(void)
{
	return __atomic_load_n(&left_out, __ATOMIC_RELAXED);
}

void log_detail_write(const char *s, size_t n)
{
	if (!summary) {
		log_write(s, n);
		return;
	}
	if (n && s[n - 1] == '\n') /* secondary CPUs report themselves online at the same time */
		__atomic_fetch_add(&left_out, 1, __ATOMIC_RELAXED);
}

void log_detail(const char *fmt, ...)
{
	va_list ap;

	if (summary) {
		log_detail_write(fmt, strlen(fmt)); /* counted as a line if the format ends one */
		return;
	}
	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}
