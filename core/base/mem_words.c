/* Memory and string functions that move 8-byte words instead of bytes.
 *
 * picolibc's aarch64 build gives the hypervisor byte-at-a-time loops (about five instructions a
 * byte), which were a fifth of the boot. These use general-purpose registers only (the
 * hypervisor never touches FP/SIMD) and only aligned accesses (it is built with -mstrict-align):
 * unaligned heads and tails go byte by byte, and a source that is misaligned against the
 * destination is read as aligned words and shifted into place. Every access stays inside the
 * buffers it was given, except strlen's, which reads the aligned words holding the string
 * (never past the word with its terminator, so never into another page), and memchr's and
 * strnlen's, which never read past their length n but may read the rest of the aligned word
 * holding the byte they stop at (C lets them be given an n larger than the object when the byte
 * is there: a NUL-terminated string and a large maxlen).
 *
 * The functions are named bh_* so that the host unit tests exercise this very code beside the
 * host's libc; the hypervisor build makes memcpy, memmove, memcmp, memchr, strlen and strnlen
 * aliases of them (the
 * end of this file), and memset calls bh_memset for all but large zero fills
 * (arch/arm64/mm/cache.c); its objects are linked before picolibc, so picolibc's are not used. The Makefile builds this file with -fno-tree-loop-distribute-patterns: GCC must not turn
 * the byte loops below back into calls to memcpy or memset, which are these functions. */
#include "core/base/mem_words.h"

#include <stdbool.h>
#include <stdint.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the shifts that merge misaligned words assume little-endian"
#endif

typedef uint64_t __attribute__((may_alias)) word_t;

#define WORD sizeof(word_t)
#define WORD_MASK (WORD - 1)

static inline uintptr_t misalign(const void *p)
{
	return (uintptr_t)p & WORD_MASK;
}

/* Bytes [s, s + n) as the top n bytes of a word (n < 8): the first, partial source word of a
 * misaligned forward copy. */
static inline uint64_t gather_high(const unsigned char *s, size_t n)
{
	uint64_t w = 0;

	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)s[i] << (8 * (WORD - n + i));
	return w;
}

/* Bytes [s, s + n) as the bottom n bytes of a word: the last partial word, copying backwards. */
static inline uint64_t gather_low(const unsigned char *s, size_t n)
{
	uint64_t w = 0;

	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)s[i] << (8 * i);
	return w;
}

/* Forward copy; correct for overlapping buffers when d < s (every source byte is read before a
 * store could reach it). Returns the destination, so that callers end in a tail call. */
static void *copy_forward(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n && misalign(d)) {
		*d++ = *s++;
		n--;
	}
	if (!misalign(s)) {
		/* 64 bytes a turn (four load and four store pairs) for large copies (guest images go
		 * through arch/arm64/mm/cache.c's mem_copy_to_poc where its alignment allows). */
		for (; n >= 8 * WORD; n -= 8 * WORD, d += 8 * WORD, s += 8 * WORD) {
			const word_t *sw = (const word_t *)s;
			word_t *dw = (word_t *)d;
			uint64_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3], w4 = sw[4], w5 = sw[5], w6 = sw[6],
				 w7 = sw[7];

			dw[0] = w0;
			dw[1] = w1;
			dw[2] = w2;
			dw[3] = w3;
			dw[4] = w4;
			dw[5] = w5;
			dw[6] = w6;
			dw[7] = w7;
		}
		for (; n >= 2 * WORD; n -= 2 * WORD, d += 2 * WORD, s += 2 * WORD) {
			uint64_t a = ((const word_t *)s)[0], b = ((const word_t *)s)[1];

			((word_t *)d)[0] = a;
			((word_t *)d)[1] = b;
		}
		if (n >= WORD) {
			*(word_t *)d = *(const word_t *)s;
			d += WORD;
			s += WORD;
			n -= WORD;
		}
	} else {
		/* d is aligned, s is k bytes past an aligned word. Each destination word is the top
		 * 8 - k bytes of one aligned source word and the bottom k of the next; the next one
		 * lies wholly inside the source while n >= 16 - k. */
		size_t k = misalign(s), sh = 8 * k;
		const word_t *sw = (const word_t *)(s - k);

		if (n >= 2 * WORD - k) {
			uint64_t lo = gather_high(s, WORD - k);

			for (; n >= 2 * WORD - k; n -= WORD, d += WORD, s += WORD) {
				uint64_t hi = *++sw;

				*(word_t *)d = (lo >> sh) | (hi << (64 - sh));
				lo = hi;
			}
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

/* Backward copy from the ends, for overlapping buffers with d > s. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	while (n && misalign(d)) {
		*--d = *--s;
		n--;
	}
	if (!misalign(s)) {
		for (; n >= WORD; n -= WORD) {
			d -= WORD;
			s -= WORD;
			*(word_t *)d = *(const word_t *)s;
		}
	} else {
		/* s ends k bytes past an aligned word: that partial word, then whole aligned words
		 * below it while one fits inside the source (n >= 8 + k). */
		size_t k = misalign(s), sh = 8 * k;
		const word_t *sw = (const word_t *)(s - k);

		if (n >= WORD + k) {
			uint64_t hi = gather_low(s - k, k);

			for (; n >= WORD + k; n -= WORD) {
				uint64_t lo = *--sw;

				d -= WORD;
				s -= WORD;
				*(word_t *)d = (lo >> sh) | (hi << (64 - sh));
				hi = lo;
			}
		}
	}
	while (n--)
		*--d = *--s;
}

void *bh_memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	return copy_forward(dst, src, n);
}

void *bh_memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if ((uintptr_t)d < (uintptr_t)s || (uintptr_t)d >= (uintptr_t)s + n)
		return copy_forward(d, s, n);
	copy_backward(d, s, n);
	return dst;
}

void *bh_memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst, b = (unsigned char)c;
	uint64_t w = 0x0101010101010101ULL * b;

	while (n && misalign(d)) {
		*d++ = b;
		n--;
	}
	/* Written out: GCC does not unroll an inner loop here, and pairs these into four stp. */
	for (; n >= 8 * WORD; n -= 8 * WORD, d += 8 * WORD) {
		word_t *dw = (word_t *)d;

		dw[0] = w;
		dw[1] = w;
		dw[2] = w;
		dw[3] = w;
		dw[4] = w;
		dw[5] = w;
		dw[6] = w;
		dw[7] = w;
	}
	for (; n >= 2 * WORD; n -= 2 * WORD, d += 2 * WORD) {
		((word_t *)d)[0] = w;
		((word_t *)d)[1] = w;
	}
	if (n >= WORD) {
		*(word_t *)d = w;
		d += WORD;
		n -= WORD;
	}
	while (n--)
		*d++ = b;
	return dst;
}

int bh_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	/* Most calls differ at the first byte (libfdt's string table search tries every offset). */
	if (n == 0 || *x != *y)
		return n ? *x - *y : 0;
	if (misalign(x) == misalign(y)) {
		while (n && misalign(x)) {
			if (*x != *y)
				return *x - *y;
			x++;
			y++;
			n--;
		}
		/* Skip equal words; the first differing one is compared bytewise below. */
		for (; n >= WORD && *(const word_t *)x == *(const word_t *)y; n -= WORD) {
			x += WORD;
			y += WORD;
		}
	}
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

#define BYTE_ONES 0x0101010101010101ULL
#define BYTE_HIGHS 0x8080808080808080ULL

/* Nonzero iff w has a zero byte; then its lowest set bit is bit 7 of the first zero byte (the
 * borrows of the subtraction only run upwards from a zero byte, so any false bits lie above it). */
static inline uint64_t zero_bytes(uint64_t w)
{
	return (w - BYTE_ONES) & ~w & BYTE_HIGHS;
}

static inline bool has_zero_byte(uint64_t w)
{
	return zero_bytes(w) != 0;
}

void *bh_memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	unsigned char b = (unsigned char)c;
	uint64_t pattern = BYTE_ONES * b;

	for (; n && misalign(p); p++, n--)
		if (*p == b)
			return (void *)(uintptr_t)p;
	/* Whole words inside [s, s + n): w ^ pattern has a zero byte where w holds c. */
	for (; n >= WORD; p += WORD, n -= WORD) {
		uint64_t z = zero_bytes(*(const word_t *)p ^ pattern);

		if (z)
			return (void *)(uintptr_t)(p + __builtin_ctzll(z) / 8);
	}
	for (; n; p++, n--)
		if (*p == b)
			return (void *)(uintptr_t)p;
	return NULL;
}

size_t bh_strnlen(const char *s, size_t maxlen)
{
	const char *end = bh_memchr(s, '\0', maxlen);

	return end ? (size_t)(end - s) : maxlen;
}

size_t bh_strlen(const char *str)
{
	const char *p = str;
	const word_t *w;

	for (; misalign(p); p++)
		if (!*p)
			return (size_t)(p - str);
	for (w = (const word_t *)p; !has_zero_byte(*w); w++)
		;
	for (p = (const char *)w; *p; p++)
		;
	return (size_t)(p - str);
}

#ifdef BULKHEAD_HYP
/* The hypervisor's (and libfdt's, and picolibc's own) mem and str functions. */
extern __typeof(bh_memcpy) memcpy __attribute__((alias("bh_memcpy")));
extern __typeof(bh_memmove) memmove __attribute__((alias("bh_memmove")));
extern __typeof(bh_memcmp) memcmp __attribute__((alias("bh_memcmp")));
extern __typeof(bh_strlen) strlen __attribute__((alias("bh_strlen")));
extern __typeof(bh_memchr) memchr __attribute__((alias("bh_memchr")));
extern __typeof(bh_strnlen) strnlen __attribute__((alias("bh_strnlen")));
#endif
