/* Console logging. Each call produces at most LOG_LINE_MAX bytes written with one
 * console_write(), so lines from different CPUs never interleave mid-line. */
#ifndef BULKHEAD_CORE_LOG_H
#define BULKHEAD_CORE_LOG_H

#include <stdarg.h>
#include <stddef.h>

#define LOG_LINE_MAX 512

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* n bytes already formatted, written as log_printf("%.*s") would write them (cut to
 * LOG_LINE_MAX - 1 bytes ending in "...\n" when longer), without formatting them again. */
void log_write(const char *s, size_t n);

#endif
