/* An emulated Arm PL011 UART (r1p5) for one partition: the console a partition sees at the
 * address its device tree gives, while the physical PL011 stays bulkhead's.
 *
 * Registers (PL011 TRM, DDI 0183): DR, RSR/ECR, FR, ILPR, IBRD, FBRD, LCR_H, CR, IFLS, IMSC,
 * RIS, MIS, ICR, DMACR, and the PeriphID/CellID words Linux's AMBA bus reads to match the
 * driver (0x00341011: part 0x011, designer 0x41 'A', revision 3 = r1p5; CellID 0xb105f00d).
 * Revision 3 tells Linux the FIFOs are 32 deep, and they are.
 *
 * Transmission is immediate: a byte written to DR while the UART and its transmitter are
 * enabled goes straight to the tx callback (the caller line-buffers it per partition and adds
 * the prefix), so FR reads TXFE and never BUSY or TXFF in normal use. Bytes written while
 * transmission is disabled wait in the 32-byte TX FIFO (FR.BUSY set, as the TRM says) and go
 * out when CR enables it; beyond 32 they are lost. Loopback (CR.LBE) sends them to the RX FIFO
 * instead.
 *
 * Reception: the arch pushes the bytes typed while this partition has the console input into
 * the RX FIFO (vpl011_rx_push), which takes them only while the UART and its receiver are
 * enabled and only as many as fit, so typed input is never lost to overrun; a byte looped back
 * into a full RX FIFO sets OE as the hardware does. The receive timeout (RT) is asserted as
 * soon as a push leaves data in the FIFO: there is no line idle time to wait for.
 *
 * Interrupts: RIS holds RX, TX, RT and OE (modem status lines never change); the UART's single
 * combined interrupt line is vpl011_irq_level() = (RIS & IMSC) != 0, which the arch feeds to the
 * partition's virtual distributor (vgicd_spi_set_line) after every access and push. TX and RX
 * follow the TRM's crossing rules: TX is asserted when the TX FIFO drains to its trigger level
 * (with immediate transmission: after every byte written) and cleared by ICR or by filling it
 * above the level; RX is asserted when the RX FIFO reaches its trigger level and cleared by
 * reading below it or by ICR.
 *
 * Out of reset the UART looks as a boot loader leaves it (earlycon and Linux's console setup
 * use it without programming it, and Linux computes the baud rate from IBRD/FBRD when UARTEN
 * is set): CR = 0x301 (UARTEN, TXE, RXE), LCR_H = 0x70 (8 bits, FIFOs on), IBRD = 13,
 * FBRD = 1 (115200 baud from QEMU's 24 MHz clock), IFLS = 0x12 (both half full).
 *
 * Accesses: 8, 16 or 32 bits at a word-aligned offset (Linux's driver uses 16-bit accesses
 * unless the DT says otherwise; earlycon may use 8 or 32); anything else, or an offset beyond
 * the 4 KiB frame, returns false (a guest fault). Reserved offsets are RAZ/WI and counted. */
#ifndef BULKHEAD_CORE_VPL011_H
#define BULKHEAD_CORE_VPL011_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/bitfield.h"

#define VPL011_FRAME_SIZE 0x1000
#define VPL011_FIFO_DEPTH 32

#define UARTDR 0x000
#define UARTRSR 0x004 /* UARTECR on writes */
#define UARTFR 0x018
#define UARTILPR 0x020
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTDMACR 0x048
#define UARTPERIPHID0 0xfe0
#define UARTPCELLID0 0xff0

#define UARTDR_DATA GENMASK64(7, 0)
#define UARTDR_FE BIT64(8)
#define UARTDR_PE BIT64(9)
#define UARTDR_BE BIT64(10)
#define UARTDR_OE BIT64(11)

#define UARTRSR_FE BIT64(0)
#define UARTRSR_PE BIT64(1)
#define UARTRSR_BE BIT64(2)
#define UARTRSR_OE BIT64(3)

#define UARTFR_CTS BIT64(0)
#define UARTFR_DSR BIT64(1)
#define UARTFR_DCD BIT64(2)
#define UARTFR_BUSY BIT64(3)
#define UARTFR_RXFE BIT64(4)
#define UARTFR_TXFF BIT64(5)
#define UARTFR_RXFF BIT64(6)
#define UARTFR_TXFE BIT64(7)
#define UARTFR_RI BIT64(8)

#define UARTLCR_H_BRK BIT64(0)
#define UARTLCR_H_PEN BIT64(1)
#define UARTLCR_H_EPS BIT64(2)
#define UARTLCR_H_STP2 BIT64(3)
#define UARTLCR_H_FEN BIT64(4)
#define UARTLCR_H_WLEN GENMASK64(6, 5)
#define UARTLCR_H_SPS BIT64(7)

#define UARTCR_UARTEN BIT64(0)
#define UARTCR_SIREN BIT64(1)
#define UARTCR_SIRLP BIT64(2)
#define UARTCR_LBE BIT64(7)
#define UARTCR_TXE BIT64(8)
#define UARTCR_RXE BIT64(9)
#define UARTCR_DTR BIT64(10)
#define UARTCR_RTS BIT64(11)
#define UARTCR_OUT1 BIT64(12)
#define UARTCR_OUT2 BIT64(13)
#define UARTCR_RTSEN BIT64(14)
#define UARTCR_CTSEN BIT64(15)
#define UARTCR_WRITABLE 0xff87u /* bits 6:3 are reserved */

#define UARTIFLS_TXIFLSEL GENMASK64(2, 0)
#define UARTIFLS_RXIFLSEL GENMASK64(5, 3)

/* RIS, MIS, IMSC and ICR bits */
#define UARTINT_RIM BIT64(0)
#define UARTINT_CTSM BIT64(1)
#define UARTINT_DCDM BIT64(2)
#define UARTINT_DSRM BIT64(3)
#define UARTINT_RX BIT64(4)
#define UARTINT_TX BIT64(5)
#define UARTINT_RT BIT64(6)
#define UARTINT_FE BIT64(7)
#define UARTINT_PE BIT64(8)
#define UARTINT_BE BIT64(9)
#define UARTINT_OE BIT64(10)
#define UARTINT_ALL GENMASK64(10, 0)

#define UARTDMACR_WRITABLE 0x7u

/* Reset values (see above) */
#define VPL011_RESET_CR (UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE)
#define VPL011_RESET_LCR_H (UARTLCR_H_FEN | FIELD_PREP(UARTLCR_H_WLEN, 3))
#define VPL011_RESET_IBRD 13u
#define VPL011_RESET_FBRD 1u
#define VPL011_RESET_IFLS 0x12u

typedef void (*vpl011_tx_fn)(void *ctx, uint8_t byte);

struct vpl011_stats {
	uint64_t reserved;   /* accesses to reserved offsets (RAZ/WI) */
	uint64_t invalid;    /* refused accesses */
	uint64_t tx_dropped; /* bytes written with the TX FIFO full */
	uint64_t rx_overrun; /* bytes pushed with the RX FIFO full */
};

struct vpl011 {
	uint16_t cr;
	uint16_t ibrd;
	uint8_t fbrd;
	uint8_t lcr_h;
	uint8_t ifls;
	uint8_t ilpr;
	uint8_t dmacr;
	uint8_t rsr;
	uint16_t imsc;
	uint16_t ris;
	uint8_t rx[VPL011_FIFO_DEPTH];
	unsigned rx_head, rx_count;
	uint8_t tx[VPL011_FIFO_DEPTH];
	unsigned tx_count;
	vpl011_tx_fn tx_out;
	void *ctx;
	struct vpl011_stats stats;
};

/* Reset state (see above); tx receives every transmitted byte (may be NULL: bytes vanish). */
void vpl011_init(struct vpl011 *u, vpl011_tx_fn tx, void *ctx);
/* Back to reset values (partition restart), keeping the callback. */
void vpl011_reset(struct vpl011 *u);

/* One trapped access; offset within the 4 KiB frame, size 1, 2 or 4, *val as vgicd_access(). */
bool vpl011_access(struct vpl011 *u, uint64_t offset, unsigned size, bool write, uint64_t *val);

/* Receive up to n bytes typed for this partition; returns how many were accepted (0 while the
 * UART or its receiver is disabled). Never more than vpl011_rx_space(): the caller keeps the
 * rest, so nothing typed is lost to overrun. */
unsigned vpl011_rx_push(struct vpl011 *u, const uint8_t *buf, unsigned n);
/* Room left in the RX FIFO (0 while reception is disabled). */
unsigned vpl011_rx_space(const struct vpl011 *u);

/* The UART's combined interrupt line (UARTINTR): RIS & IMSC non-zero. */
bool vpl011_irq_level(const struct vpl011 *u);

#endif
