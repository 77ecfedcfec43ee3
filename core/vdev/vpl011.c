#include "core/vdev/vpl011.h"

#include <string.h>

/* PeriphID0-3 then CellID0-3, one byte in each word from 0xfe0. */
static const uint8_t id_bytes[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vpl011_init(struct vpl011 *u, vpl011_tx_fn tx, void *ctx)
{
	memset(u, 0, sizeof(*u));
	u->tx_out = tx;
	u->ctx = ctx;
	vpl011_reset(u);
}

void vpl011_reset(struct vpl011 *u)
{
	vpl011_tx_fn tx = u->tx_out;
	void *ctx = u->ctx;

	memset(u, 0, sizeof(*u));
	u->tx_out = tx;
	u->ctx = ctx;
	u->cr = VPL011_RESET_CR;
	u->lcr_h = (uint8_t)VPL011_RESET_LCR_H;
	u->ibrd = VPL011_RESET_IBRD;
	u->fbrd = VPL011_RESET_FBRD;
	u->ifls = VPL011_RESET_IFLS;
}

static bool fifo_on(const struct vpl011 *u)
{
	return (u->lcr_h & UARTLCR_H_FEN) != 0;
}

/* With FIFOs disabled each direction has a one-byte holding register. */
static unsigned capacity(const struct vpl011 *u)
{
	return fifo_on(u) ? VPL011_FIFO_DEPTH : 1;
}

/* IFLS trigger levels: 1/8, 1/4, 1/2, 3/4, 7/8 of the FIFO (reserved encodings act as 7/8). */
static unsigned trigger(const struct vpl011 *u, uint64_t field)
{
	static const unsigned eighths[] = { 1, 2, 4, 6, 7 };
	unsigned sel = (unsigned)(field == UARTIFLS_TXIFLSEL ? FIELD_GET(UARTIFLS_TXIFLSEL, u->ifls)
							     : FIELD_GET(UARTIFLS_RXIFLSEL, u->ifls));

	if (!fifo_on(u))
		return field == UARTIFLS_TXIFLSEL ? 0 : 1;
	return VPL011_FIFO_DEPTH * eighths[sel < 5 ? sel : 4] / 8;
}

static bool tx_enabled(const struct vpl011 *u)
{
	return (u->cr & UARTCR_UARTEN) && (u->cr & UARTCR_TXE);
}

static bool rx_enabled(const struct vpl011 *u)
{
	return (u->cr & UARTCR_UARTEN) && (u->cr & UARTCR_RXE);
}

/* One byte arrives at the receiver. */
static void rx_in(struct vpl011 *u, uint8_t byte)
{
	if (u->rx_count >= capacity(u)) {
		u->rsr |= UARTRSR_OE;
		u->ris |= UARTINT_OE;
		u->stats.rx_overrun++;
		return;
	}
	u->rx[(u->rx_head + u->rx_count) % VPL011_FIFO_DEPTH] = byte;
	u->rx_count++;
	if (u->rx_count == trigger(u, UARTIFLS_RXIFLSEL))
		u->ris |= UARTINT_RX; /* reached the trigger level */
}

static void rx_timeout(struct vpl011 *u)
{
	if (u->rx_count)
		u->ris |= UARTINT_RT;
}

/* Send everything in the TX FIFO: it empties, which is at or below any trigger level. */
static void tx_drain(struct vpl011 *u)
{
	bool looped = false;

	if (!tx_enabled(u) || !u->tx_count)
		return;
	for (unsigned i = 0; i < u->tx_count; i++) {
		if (u->cr & UARTCR_LBE) {
			if (u->cr & UARTCR_RXE) {
				rx_in(u, u->tx[i]);
				looped = true;
			}
		} else if (u->tx_out) {
			u->tx_out(u->ctx, u->tx[i]);
		}
	}
	u->tx_count = 0;
	u->ris |= UARTINT_TX;
	if (looped)
		rx_timeout(u);
}

static void dr_write(struct vpl011 *u, uint8_t byte)
{
	if (u->tx_count >= capacity(u)) {
		u->stats.tx_dropped++;
		return;
	}
	u->tx[u->tx_count++] = byte;
	if (u->tx_count > trigger(u, UARTIFLS_TXIFLSEL))
		u->ris &= ~UARTINT_TX; /* filled above the trigger level */
	tx_drain(u);
}

static uint32_t dr_read(struct vpl011 *u)
{
	uint8_t byte;

	if (!u->rx_count)
		return 0;
	byte = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % VPL011_FIFO_DEPTH;
	u->rx_count--;
	if (u->rx_count < trigger(u, UARTIFLS_RXIFLSEL))
		u->ris &= ~UARTINT_RX;
	if (!u->rx_count)
		u->ris &= ~UARTINT_RT;
	return byte;
}

static uint32_t fr_read(const struct vpl011 *u)
{
	uint32_t fr = 0;

	if (u->tx_count)
		fr |= UARTFR_BUSY;
	else
		fr |= UARTFR_TXFE;
	if (u->tx_count >= capacity(u))
		fr |= UARTFR_TXFF;
	if (!u->rx_count)
		fr |= UARTFR_RXFE;
	if (u->rx_count >= capacity(u))
		fr |= UARTFR_RXFF;
	return fr;
}

static bool reserved(uint64_t off)
{
	return (off > UARTRSR && off < UARTFR) || off == 0x01c || (off > UARTDMACR && off < UARTPERIPHID0);
}

bool vpl011_access(struct vpl011 *u, uint64_t offset, unsigned size, bool write, uint64_t *val)
{
	uint32_t v = 0, out = 0;

	if (offset >= VPL011_FRAME_SIZE || (size != 1 && size != 2 && size != 4) || (offset & 3)) {
		u->stats.invalid++;
		if (!write)
			*val = 0;
		return false;
	}
	/* No byte lanes: a narrow write is the value zero-extended, a narrow read the low bits. */
	if (write)
		v = (uint32_t)(*val & ((UINT64_C(1) << (8 * size)) - 1));

	switch (offset) {
	case UARTDR:
		if (write)
			dr_write(u, (uint8_t)v);
		else
			out = dr_read(u);
		break;
	case UARTRSR:
		if (write)
			u->rsr = 0; /* UARTECR: any write clears the error flags */
		else
			out = u->rsr;
		break;
	case UARTFR:
		out = fr_read(u);
		break;
	case UARTILPR:
		if (write)
			u->ilpr = (uint8_t)v;
		out = u->ilpr;
		break;
	case UARTIBRD:
		if (write)
			u->ibrd = (uint16_t)v;
		out = u->ibrd;
		break;
	case UARTFBRD:
		if (write)
			u->fbrd = (uint8_t)(v & 0x3f);
		out = u->fbrd;
		break;
	case UARTLCR_H:
		if (write)
			u->lcr_h = (uint8_t)v;
		out = u->lcr_h;
		break;
	case UARTCR:
		if (write) {
			u->cr = (uint16_t)(v & UARTCR_WRITABLE);
			tx_drain(u); /* bytes held while transmission was off */
		}
		out = u->cr;
		break;
	case UARTIFLS:
		if (write)
			u->ifls = (uint8_t)(v & (UARTIFLS_TXIFLSEL | UARTIFLS_RXIFLSEL));
		out = u->ifls;
		break;
	case UARTIMSC:
		if (write)
			u->imsc = (uint16_t)(v & UARTINT_ALL);
		out = u->imsc;
		break;
	case UARTRIS:
		out = u->ris;
		break;
	case UARTMIS:
		out = u->ris & u->imsc;
		break;
	case UARTICR:
		if (write)
			u->ris &= (uint16_t) ~(v & UARTINT_ALL);
		break; /* write-only: reads as zero */
	case UARTDMACR:
		if (write)
			u->dmacr = (uint8_t)(v & UARTDMACR_WRITABLE);
		out = u->dmacr;
		break;
	default:
		if (offset >= UARTPERIPHID0)
			out = id_bytes[(offset - UARTPERIPHID0) / 4];
		else if (reserved(offset))
			u->stats.reserved++;
		break;
	}
	if (!write)
		*val = out & (uint32_t)((UINT64_C(1) << (8 * size)) - 1);
	return true;
}

unsigned vpl011_rx_space(const struct vpl011 *u)
{
	unsigned cap = capacity(u);

	if (!rx_enabled(u) || u->rx_count >= cap)
		return 0;
	return cap - u->rx_count;
}

unsigned vpl011_rx_push(struct vpl011 *u, const uint8_t *buf, unsigned n)
{
	unsigned space = vpl011_rx_space(u);

	if (n > space)
		n = space;
	for (unsigned i = 0; i < n; i++)
		rx_in(u, buf[i]);
	rx_timeout(u);
	return n;
}

bool vpl011_irq_level(const struct vpl011 *u)
{
	return (u->ris & u->imsc) != 0;
}
