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
