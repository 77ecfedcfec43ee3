/* String formatting for core/. On the hypervisor this is picolibc's integer-only printf engine
 * (vfprintf = __i_vfprintf) writing into a buffer through a custom stream: picolibc's own
 * vsnprintf touches SIMD registers, which belong to the guest. On the host it is libc's. */
#ifndef BULKHEAD_CORE_FORMAT_H
#define BULKHEAD_CORE_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Like vsnprintf: always NUL-terminates when size > 0; returns the length it wanted. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Returns a malloc'd formatted string, or NULL when out of memory. */
char *fmt_strdup(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
