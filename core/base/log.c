#include "core/base/log.h"

#include <string.h>

#include "core/base/console.h"
#include "core/base/format.h"

void log_vprintf(const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	int n = fmt_vsnprintf(line, sizeof(line), fmt, ap);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		/* Truncated: say so rather than silently dropping the end of a diagnostic. */
		static const char mark[] = "...\n";
		memcpy(line + sizeof(line) - sizeof(mark), mark, sizeof(mark));
		n = (int)sizeof(line) - 1;
	}
	console_write(line, (size_t)n);
}

void log_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}
