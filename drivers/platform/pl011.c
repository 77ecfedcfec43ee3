#include "drivers/platform/pl011.h"

#include "core/bitfield.h"

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTCR 0x030
#define UARTFR_TXFF BIT64(5)  /* transmit FIFO full */
#define UARTCR_UARTEN BIT64(0)
#define UARTCR_TXE BIT64(8)

static inline uint32_t rd(uintptr_t base, unsigned off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void wr(uintptr_t base, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

/* The boot loader already configured baud rate and line control; make sure TX is enabled
 * without disturbing them. */
void pl011_init(uintptr_t base)
{
	uint32_t cr = rd(base, UARTCR);

	if ((cr & (UARTCR_UARTEN | UARTCR_TXE)) != (UARTCR_UARTEN | UARTCR_TXE))
		wr(base, UARTCR, cr | (uint32_t)(UARTCR_UARTEN | UARTCR_TXE));
}

static void put(uintptr_t base, char c)
{
	while (rd(base, UARTFR) & UARTFR_TXFF)
		;
	wr(base, UARTDR, (uint32_t)(unsigned char)c);
}

void pl011_write(uintptr_t base, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			put(base, '\r');
		put(base, s[i]);
	}
}
