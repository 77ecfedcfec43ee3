#include "hvc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* ---- SMCCC calls ---- */

static int psci_smc;

void psci_use_smc(int smc)
{
	psci_smc = smc;
}

int64_t psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	/* SMCCC 1.0 lets the callee clobber x4-x17. */
	if (psci_smc)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
	return (int64_t)x0;
}

int64_t hvc_console_write(const char *s, size_t n)
{
	uint64_t w[3] = { 0, 0, 0 };

	if (n > HVC_CONSOLE_MAX)
		n = HVC_CONSOLE_MAX;
	memcpy(w, s, n); /* little-endian: byte 0 lands in bits 7:0 of x2 */

	register uint64_t x0 __asm__("x0") = HVC_CONSOLE_WRITE;
	register uint64_t x1 __asm__("x1") = n;
	register uint64_t x2 __asm__("x2") = w[0];
	register uint64_t x3 __asm__("x3") = w[1];
	register uint64_t x4 __asm__("x4") = w[2];

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
			 :
			 : "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
			   "memory");
	return (int64_t)x0;
}

/* ---- PL011 fallback ---- */

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_TXFF (1u << 5)

static volatile uint8_t *uart_base;

static void pl011_putc(char c)
{
	volatile uint32_t *fr = (volatile uint32_t *)(uart_base + PL011_FR);
	volatile uint32_t *dr = (volatile uint32_t *)(uart_base + PL011_DR);

	while (*fr & PL011_FR_TXFF)
		;
	*dr = (uint8_t)c;
}

void con_set_uart(uint64_t base)
{
	uart_base = (volatile uint8_t *)(uintptr_t)base;
}

/* ---- the console ---- */

enum con_mode { CON_HVC, CON_UART };

static enum con_mode con_mode = CON_HVC;

/* Caller holds the lock. */
static void con_write_locked(const char *s, size_t n)
{
	while (n > 0 && con_mode == CON_HVC) {
		size_t chunk = n > HVC_CONSOLE_MAX ? HVC_CONSOLE_MAX : n;

		if (hvc_console_write(s, chunk) == -1) {
			/* No hypercall console: the PL011 if the DT named one, else nowhere (and
			 * try again next time: the UART may not be known yet). */
			if (!uart_base)
				return;
			con_mode = CON_UART;
			break;
		}
		s += chunk;
		n -= chunk;
	}
	for (; n > 0 && uart_base; s++, n--) {
		if (*s == '\n')
			pl011_putc('\r');
		pl011_putc(*s);
	}
}

static uint32_t con_lock;

static bool con_lock_take(unsigned long tries)
{
	while (__atomic_exchange_n(&con_lock, 1, __ATOMIC_ACQUIRE)) {
		if (tries && --tries == 0)
			return false;
		__asm__ volatile("yield");
	}
	return true;
}

static void con_lock_give(void)
{
	__atomic_store_n(&con_lock, 0, __ATOMIC_RELEASE);
}

void con_write(const char *s, size_t n)
{
	con_lock_take(0);
	con_write_locked(s, n);
	con_lock_give();
}

/* A picolibc stream that collects one line; the FILE comes first so the put function can
 * find the buffer (as in core/base/format.c). */
#define LINE_MAX_CHARS 256

struct line_sink {
	FILE file;
	size_t len;
	char buf[LINE_MAX_CHARS];
};

static int line_put(char c, FILE *f)
{
	struct line_sink *s = (struct line_sink *)f;

	if (s->len < sizeof(s->buf) - 1)
		s->buf[s->len++] = c;
	return (unsigned char)c;
}

static size_t line_format(struct line_sink *s, const char *fmt, va_list ap)
{
	s->file = (FILE)FDEV_SETUP_STREAM(line_put, NULL, NULL, _FDEV_SETUP_WRITE);
	s->len = 0;
	vfprintf(&s->file, fmt, ap);
	if (s->len == sizeof(s->buf) - 1 && s->buf[s->len - 1] != '\n')
		s->buf[s->len - 1] = '\n'; /* truncated: still end the line */
	return s->len;
}

void con_printf(const char *fmt, ...)
{
	struct line_sink s;
	va_list ap;

	va_start(ap, fmt);
	line_format(&s, fmt, ap);
	va_end(ap);
	con_write(s.buf, s.len);
}

void con_printf_urgent(const char *fmt, ...)
{
	struct line_sink s;
	va_list ap;
	bool locked;

	va_start(ap, fmt);
	line_format(&s, fmt, ap);
	va_end(ap);
	/* Another vCPU may hold the lock forever if it faulted inside it: print anyway. */
	locked = con_lock_take(1000000);
	con_write_locked(s.buf, s.len);
	if (locked)
		con_lock_give();
}
