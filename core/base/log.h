/* Console logging. Each call produces at most LOG_LINE_MAX bytes written with one
 * console_write(), so lines from different CPUs never interleave mid-line. */
#ifndef BULKHEAD_CORE_LOG_H
#define BULKHEAD_CORE_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define LOG_LINE_MAX 512

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* n bytes already formatted, written as log_printf("%.*s") would write them (cut to
 * LOG_LINE_MAX - 1 bytes ending in "...\n" when longer), without formatting them again. */
void log_write(const char *s, size_t n);

/* The boot report's detail lines: one per device, PCI function, window, group, CPU brought
 * online, partition assignment and SMMU stream, the part of the report that grows with the board.
 * They are printed unless log_set_summary(true) (the hypervisor's /chosen/bulkhead,report =
 * "summary": a board's UART at 115200 baud spends about a second on the full report before the
 * last partition starts); then they are only counted. Never an error or a warning: those are
 * printed in every mode. */
void log_set_summary(bool on);
/* Detail lines left out so far (a write counts as a line when it ends one). */
size_t log_detail_left_out(void);
void log_detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_detail_write(const char *s, size_t n);

#endif
