#include "core/base/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __PICOLIBC__
/* A picolibc stream whose put function appends to a bounded buffer. The FILE must come first so
 * the put callback can recover the sink from the stream pointer. */
struct buf_sink {
	FILE file;
	char *cur;
	char *end; /* the last byte, kept for the terminator */
};

/* Called for every character printed (the boot formats some 13,000): as little as it can be. */
static int buf_put(char c, FILE *f)
{
	struct buf_sink *s = (struct buf_sink *)f;

	if (s->cur < s->end)
		*s->cur++ = c;
	return (unsigned char)c;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink s = {
		.file = FDEV_SETUP_STREAM(buf_put, NULL, NULL, _FDEV_SETUP_WRITE),
		.cur = buf,
		.end = size ? buf + size - 1 : buf,
	};
	int n = vfprintf(&s.file, fmt, ap);

	if (size > 0)
		*s.cur = '\0';
	return n;
}
#else
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}
#endif

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

char *fmt_strdup(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = fmt_vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	fmt_vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}
