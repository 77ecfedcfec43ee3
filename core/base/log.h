/* Console logging. Each call produces at most LOG_LINE_MAX bytes written with one
 * console_write(), so lines from different CPUs never interleave mid-line. */
#ifndef BULKHEAD_CORE_LOG_H
#define BULKHEAD_CORE_LOG_H

#include <stdarg.h>

#define LOG_LINE_MAX 512

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
