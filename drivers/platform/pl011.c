#include "drivers/platform/pl011.h"

#include <stdbool.h>
#include <string.h>

#include "core/base/bitfield.h"

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTCR 0x030
#define UARTIMSC 0x038
#define UARTICR 0x044
#define UARTFR_RXFE BIT64(4) /* receive FIFO empty */
#define UARTFR_TXFF BIT64(5) /* transmit FIFO full */
#define UARTCR_UARTEN BIT64(0)
#define UARTCR_TXE BIT64(8)
#define UARTCR_RXE BIT64(9)
#define UARTINT_RX BIT64(4)
#define UARTINT_RT BIT64(6)
#define UARTDR_DATA GENMASK64(7, 0)

#define TAG_MAX 40

static inline uint32_t rd(uintptr_t base, unsigned off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void wr(uintptr_t base, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

/* The boot loader already configured baud rate and line control; make sure TX and RX are
 * enabled without disturbing them. */
void pl011_init(uintptr_t base)
{
	uint32_t cr = rd(base, UARTCR);
	uint32_t want = (uint32_t)(UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE);

	if ((cr & want) != want)
		wr(base, UARTCR, cr | want);
}

/* Reads of UARTFR before a character is given up on: at 115200 baud a character leaves the FIFO in
 * about 87 us, far fewer reads than this. A UART that never drains (stuck, or flow control held)
 * must not hang every CPU that logs; the lost output cannot be reported on this same UART. */
#define TXFF_SPINS 1000000u

/* Waits while the transmit FIFO is full; false if it never drains. */
static __attribute__((noinline)) bool wait_tx_room(uintptr_t base)
{
	for (unsigned spins = 0; rd(base, UARTFR) & UARTFR_TXFF;)
		if (++spins == TXFF_SPINS)
			return false;
	return true;
}

/* Inlined, the wait out of line: the boot prints some 11,000 characters, and a call and a spin
 * counter per character were half of what the console cost. */
static inline __attribute__((always_inline)) void put(uintptr_t base, char c)
{
	if ((rd(base, UARTFR) & UARTFR_TXFF) && !wait_tx_room(base))
		return;
	wr(base, UARTDR, (uint32_t)(unsigned char)c);
}

static bool line_open;
static char open_tag[TAG_MAX];
static size_t open_tag_len;

/* Length of a leading "[...] " tag, 0 if none. */
static size_t tag_length(const char *s, size_t n)
{
	if (n < 3 || s[0] != '[')
		return 0;
	for (size_t i = 1; i + 1 < n && i + 2 <= TAG_MAX; i++) {
		if (s[i] == ']')
			return s[i + 1] == ' ' ? i + 2 : 0;
		if (s[i] == '\n')
			return 0;
	}
	return 0;
}

void pl011_write(uintptr_t base, const char *s, size_t n)
{
	size_t tag = tag_length(s, n);
	const char *text = s;
	size_t len = n;

	if (!n)
		return;
	if (line_open) {
		if (tag == open_tag_len && memcmp(s, open_tag, tag) == 0) {
			text += tag; /* continues the open line (untagged: the hypervisor's own) */
			len -= tag;
		} else {
			put(base, '\r');
			put(base, '\n');
		}
		line_open = false;
	}
	for (const char *p = text, *end = text + len; p < end; p++) {
		if (*p == '\n')
			put(base, '\r');
		put(base, *p);
	}
	if (s[n - 1] != '\n') {
		line_open = true;
		open_tag_len = tag;
		memcpy(open_tag, s, tag);
	}
}

void pl011_rx_enable(uintptr_t base)
{
	wr(base, UARTICR, (uint32_t)(UARTINT_RX | UARTINT_RT));
	wr(base, UARTIMSC, rd(base, UARTIMSC) | (uint32_t)(UARTINT_RX | UARTINT_RT));
}

size_t pl011_rx_read(uintptr_t base, uint8_t *buf, size_t max)
{
	size_t n = 0;

	/* Clear first: a byte that arrives after the FIFO was seen empty raises it again. */
	wr(base, UARTICR, (uint32_t)(UARTINT_RX | UARTINT_RT));
	while (n < max && !(rd(base, UARTFR) & UARTFR_RXFE))
		buf[n++] = (uint8_t)FIELD_GET(UARTDR_DATA, rd(base, UARTDR));
	return n;
}
