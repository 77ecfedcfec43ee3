/* The emulated PL011. Offsets, fields and ID values by hand from the PL011 TRM (DDI 0183):
 *
 *   0x000 DR ([7:0] data, [11:8] OE BE PE FE), 0x004 RSR/ECR ([3:0] OE BE PE FE), 0x018 FR
 *   ([3] BUSY [4] RXFE [5] TXFF [6] RXFF [7] TXFE), 0x020 ILPR, 0x024 IBRD [15:0], 0x028 FBRD
 *   [5:0], 0x02c LCR_H ([4] FEN, [6:5] WLEN), 0x030 CR ([0] UARTEN [7] LBE [8] TXE [9] RXE),
 *   0x034 IFLS ([2:0] TX, [5:3] RX: 1/8 1/4 1/2 3/4 7/8), 0x038 IMSC, 0x03c RIS, 0x040 MIS,
 *   0x044 ICR (interrupt bits [4] RX [5] TX [6] RT [10] OE), 0x048 DMACR [2:0],
 *   0xfe0-0xfec PeriphID0-3 = 0x11 0x10 0x34 0x00 (r1p5), 0xff0-0xffc CellID0-3 = 0x0d 0xf0
 *   0x05 0xb1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vdev/vpl011.h"

static struct vpl011 U;
static char out[256];
static unsigned out_len;

static void tx(void *ctx, uint8_t byte)
{
	assert_ptr_equal(ctx, &out_len);
	assert_true(out_len < sizeof(out));
	out[out_len++] = (char)byte;
}

static void setup(void)
{
	memset(out, 0, sizeof(out));
	out_len = 0;
	vpl011_init(&U, tx, &out_len);
}

static uint32_t rd(uint64_t off)
{
	uint64_t v = 0xdeadbeef;

	assert_true(vpl011_access(&U, off, 4, false, &v));
	return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
	uint64_t val = v;

	assert_true(vpl011_access(&U, off, 4, true, &val));
}

static void test_reset_values(void **state)
{
	(void)state;
	setup();
	assert_int_equal(rd(UARTCR), 0x301);   /* UARTEN | TXE | RXE, as a boot loader leaves it */
	assert_int_equal(rd(UARTLCR_H), 0x70); /* 8 bits, FIFOs enabled */
	assert_int_equal(rd(UARTIBRD), 13);
	assert_int_equal(rd(UARTFBRD), 1);
	assert_int_equal(rd(UARTIFLS), 0x12); /* TRM reset value: both 1/2 */
	assert_int_equal(rd(UARTIMSC), 0);
	assert_int_equal(rd(UARTRIS), 0);
	assert_int_equal(rd(UARTMIS), 0);
	assert_int_equal(rd(UARTFR), 0x90); /* TXFE | RXFE */
	assert_int_equal(rd(UARTRSR), 0);
	assert_int_equal(rd(UARTILPR), 0);
	assert_int_equal(rd(UARTDMACR), 0);
	assert_int_equal(rd(UARTICR), 0); /* write-only */
	assert_int_equal(rd(UARTDR), 0);  /* empty FIFO */
	assert_false(vpl011_irq_level(&U));
	/* Linux's pl011_console_get_options: baud = UARTCLK * 4 / (64 * IBRD + FBRD) with the
	 * 24 MHz clock of QEMU's virt board: 115246, i.e. 115200 within tolerance */
	assert_int_equal(24000000u * 4 / (64 * rd(UARTIBRD) + rd(UARTFBRD)), 115246);
	assert_int_equal(U.stats.reserved, 0);
}

static void test_id_registers(void **state)
{
	static const uint32_t ids[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	uint32_t periphid = 0, cellid = 0;

	(void)state;
	setup();
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(rd(0xfe0 + 4 * i), ids[i]);
	/* assembled the way Linux's AMBA bus does */
	for (unsigned i = 0; i < 4; i++) {
		periphid |= (rd(0xfe0 + 4 * i) & 0xff) << (8 * i);
		cellid |= (rd(0xff0 + 4 * i) & 0xff) << (8 * i);
	}
	assert_int_equal(periphid, 0x00341011);
	assert_int_equal(cellid, 0xb105f00d);
	/* amba-pl011's id table: 0x00041011 under mask 0x000fffff; revision 3 -> 32-deep FIFOs */
	assert_int_equal(periphid & 0x000fffff, 0x00041011);
	assert_int_equal((periphid >> 20) & 0xf, 3);
	/* read-only */
	wr(0xfe0, 0);
	assert_int_equal(rd(0xfe0), 0x11);
}

static void test_printk(void **state)
{
	static const char msg[] = "Booting Linux on physical CPU 0x0\n";
	unsigned polls = 0;

	(void)state;
	setup();
	/* pl011_console_putchar: wait while TXFF, write DR; then pl011_console_write waits for
	 * !BUSY. Linux's driver uses 16-bit accesses by default. */
	for (const char *c = msg; *c; c++) {
		uint64_t fr, dr = (uint8_t)*c;

		do {
			assert_true(vpl011_access(&U, UARTFR, 2, false, &fr));
			polls++;
		} while (fr & UARTFR_TXFF);
		assert_true(vpl011_access(&U, UARTDR, 2, true, &dr));
	}
	for (;;) {
		uint64_t fr;

		assert_true(vpl011_access(&U, UARTFR, 2, false, &fr));
		if (!(fr & UARTFR_BUSY))
			break;
		polls++;
	}
	assert_int_equal(polls, sizeof(msg) - 1); /* never had to wait */
	assert_int_equal(out_len, sizeof(msg) - 1);
	assert_memory_equal(out, msg, sizeof(msg) - 1);
	assert_int_equal(rd(UARTFR), 0x90);
	/* each byte drained the FIFO below its trigger level: TX raw interrupt */
	assert_int_equal(rd(UARTRIS), 0x20);
	assert_false(vpl011_irq_level(&U)); /* masked */
	/* earlycon: 8- and 32-bit writes to DR */
	{
		uint64_t v = 'E';

		assert_true(vpl011_access(&U, UARTDR, 1, true, &v));
		v = 0x100 | 'F'; /* bits above the data byte are ignored on writes */
		assert_true(vpl011_access(&U, UARTDR, 4, true, &v));
	}
	assert_int_equal(out_len, sizeof(msg) + 1);
	assert_int_equal(out[sizeof(msg) - 1], 'E');
	assert_int_equal(out[sizeof(msg)], 'F');
}

static void test_tx_interrupt(void **state)
{
	(void)state;
	setup();
	wr(UARTIMSC, UARTINT_TX);
	assert_false(vpl011_irq_level(&U)); /* nothing sent yet */
	wr(UARTDR, 'a');
	assert_true(vpl011_irq_level(&U));
	assert_int_equal(rd(UARTMIS), 0x20);
	wr(UARTICR, UARTINT_TX);
	assert_false(vpl011_irq_level(&U));
	assert_int_equal(rd(UARTRIS), 0);
	wr(UARTDR, 'b');
	assert_true(vpl011_irq_level(&U));
	wr(UARTIMSC, 0);
	assert_false(vpl011_irq_level(&U));
	assert_int_equal(rd(UARTRIS), 0x20);
}

static void test_tx_held_while_disabled(void **state)
{
	(void)state;
	setup();
	wr(UARTCR, UARTCR_UARTEN | UARTCR_RXE); /* transmitter off */
	wr(UARTDR, 'x');
	assert_int_equal(out_len, 0);
	assert_int_equal(rd(UARTFR), 0x18); /* BUSY | RXFE */
	for (unsigned i = 1; i < 32; i++)
		wr(UARTDR, '0' + i % 10);
	assert_int_equal(rd(UARTFR), 0x38);            /* BUSY | RXFE | TXFF */
	assert_int_equal(rd(UARTRIS) & UARTINT_TX, 0); /* above the trigger level */
	wr(UARTDR, 'y');                               /* the 33rd is lost */
	assert_int_equal(U.stats.tx_dropped, 1);
	assert_int_equal(out_len, 0);
	/* enabling transmission sends the FIFO */
	wr(UARTCR, 0x301);
	assert_int_equal(out_len, 32);
	assert_int_equal(out[0], 'x');
	assert_int_equal(out[31], '1');
	assert_int_equal(rd(UARTFR), 0x90);
	assert_int_equal(rd(UARTRIS), 0x20);
	/* UARTEN off also holds bytes */
	wr(UARTCR, UARTCR_TXE);
	wr(UARTDR, 'z');
	assert_int_equal(out_len, 32);
	wr(UARTCR, UARTCR_TXE | UARTCR_UARTEN);
	assert_int_equal(out_len, 33);
	/* with FIFOs off the holding register takes one byte */
	wr(UARTLCR_H, 0x60);
	wr(UARTCR, 0);
	wr(UARTDR, '1');
	assert_int_equal(rd(UARTFR), 0x38);
	wr(UARTDR, '2');
	assert_int_equal(U.stats.tx_dropped, 2);
}

static void test_rx(void **state)
{
	static const uint8_t abc[] = { 'a', 'b', 'c' };

	(void)state;
	setup();
	wr(UARTIMSC, UARTINT_RX | UARTINT_RT);
	assert_int_equal(vpl011_rx_space(&U), 32);
	assert_int_equal(vpl011_rx_push(&U, abc, 3), 3);
	assert_int_equal(vpl011_rx_space(&U), 29);
	assert_int_equal(rd(UARTFR), 0x80); /* TXFE; RXFE clear */
	/* below the 1/2 trigger (16): only the receive timeout */
	assert_int_equal(rd(UARTRIS), 0x40);
	assert_int_equal(rd(UARTMIS), 0x40);
	assert_true(vpl011_irq_level(&U));
	/* Linux's pl011_fifo_to_tty: read DR until RXFE */
	assert_int_equal(rd(UARTDR), 'a');
	assert_int_equal(rd(UARTDR), 'b');
	assert_true(vpl011_irq_level(&U));
	{
		uint64_t v;

		assert_true(vpl011_access(&U, UARTDR, 2, false, &v));
		assert_int_equal(v, 'c');
	}
	assert_int_equal(rd(UARTFR), 0x90);
	assert_int_equal(rd(UARTRIS), 0); /* RT cleared by emptying the FIFO */
	assert_false(vpl011_irq_level(&U));
}

static void test_rx_trigger_and_full(void **state)
{
	uint8_t buf[40];

	(void)state;
	setup();
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)('A' + i);
	wr(UARTIMSC, UARTINT_RX);
	assert_int_equal(vpl011_rx_push(&U, buf, 15), 15);
	assert_false(vpl011_irq_level(&U));
	assert_int_equal(vpl011_rx_push(&U, buf + 15, 1), 1); /* reaches 16 = 1/2 of 32 */
	assert_true(vpl011_irq_level(&U));
	assert_int_equal(rd(UARTRIS), 0x50); /* RX | RT */
	assert_int_equal(rd(UARTDR), 'A');   /* 15 left: below the trigger */
	assert_false(vpl011_irq_level(&U));
	assert_int_equal(rd(UARTRIS), 0x40);
	/* fill up: only what fits is taken, nothing is lost to overrun */
	assert_int_equal(vpl011_rx_push(&U, buf + 16, 24), 17);
	assert_int_equal(vpl011_rx_space(&U), 0);
	assert_int_equal(rd(UARTFR), 0xc0); /* TXFE | RXFF */
	assert_int_equal(rd(UARTRSR), 0);
	assert_int_equal(U.stats.rx_overrun, 0);
	for (unsigned i = 1; i < 33; i++)
		assert_int_equal(rd(UARTDR), 'A' + i);
	assert_int_equal(rd(UARTFR), 0x90);
	/* IFLS: RX 1/8 = 4 */
	wr(UARTIFLS, 0x00);
	assert_int_equal(vpl011_rx_push(&U, buf, 4), 4);
	assert_true(vpl011_irq_level(&U));
	/* FIFOs off: a one-byte holding register, RX at the first byte */
	setup();
	wr(UARTIMSC, UARTINT_RX);
	wr(UARTLCR_H, 0x60);
	assert_int_equal(vpl011_rx_space(&U), 1);
	assert_int_equal(vpl011_rx_push(&U, buf, 2), 1);
	assert_true(vpl011_irq_level(&U));
	assert_int_equal(rd(UARTFR), 0xc0);
	assert_int_equal(rd(UARTDR), 'A');
	assert_false(vpl011_irq_level(&U));
}

static void test_rx_disabled(void **state)
{
	static const uint8_t x = 'x';

	(void)state;
	setup();
	wr(UARTCR, UARTCR_UARTEN | UARTCR_TXE);
	assert_int_equal(vpl011_rx_space(&U), 0);
	assert_int_equal(vpl011_rx_push(&U, &x, 1), 0);
	wr(UARTCR, UARTCR_RXE | UARTCR_TXE);
	assert_int_equal(vpl011_rx_push(&U, &x, 1), 0);
	assert_int_equal(rd(UARTRIS), 0);
	wr(UARTCR, 0x301);
	assert_int_equal(vpl011_rx_push(&U, &x, 1), 1);
}

static void test_loopback_and_overrun(void **state)
{
	(void)state;
	setup();
	wr(UARTIMSC, UARTINT_OE);
	wr(UARTCR, 0x301 | UARTCR_LBE);
	wr(UARTDR, 'z');
	assert_int_equal(out_len, 0);        /* looped back, not sent */
	assert_int_equal(rd(UARTRIS), 0x60); /* TX (sent) | RT (received) */
	assert_int_equal(rd(UARTDR), 'z');
	for (unsigned i = 0; i < 33; i++)
		wr(UARTDR, 'a' + i % 26);
	/* the 33rd arrived at a full FIFO: overrun */
	assert_int_equal(rd(UARTRSR), 0x8);
	assert_int_equal(rd(UARTRIS) & UARTINT_OE, UARTINT_OE);
	assert_true(vpl011_irq_level(&U));
	assert_int_equal(U.stats.rx_overrun, 1);
	wr(UARTRSR, 0); /* UARTECR: any write clears */
	assert_int_equal(rd(UARTRSR), 0);
	wr(UARTICR, UARTINT_OE);
	assert_false(vpl011_irq_level(&U));
	/* loopback with the receiver off: the byte goes nowhere */
	wr(UARTCR, UARTCR_UARTEN | UARTCR_TXE | UARTCR_LBE);
	wr(UARTDR, 'q');
	assert_int_equal(out_len, 0);
}

static void test_register_masks(void **state)
{
	(void)state;
	setup();
	wr(UARTIBRD, 0x12345);
	assert_int_equal(rd(UARTIBRD), 0x2345);
	wr(UARTFBRD, 0xff);
	assert_int_equal(rd(UARTFBRD), 0x3f);
	wr(UARTLCR_H, 0x1ff);
	assert_int_equal(rd(UARTLCR_H), 0xff);
	wr(UARTCR, 0xffff);
	assert_int_equal(rd(UARTCR), 0xff87);
	wr(UARTCR, 0x301); /* not in loopback for what follows */
	wr(UARTIFLS, 0xff);
	assert_int_equal(rd(UARTIFLS), 0x3f);
	wr(UARTIMSC, 0xffff);
	assert_int_equal(rd(UARTIMSC), 0x7ff);
	wr(UARTDMACR, 0xff);
	assert_int_equal(rd(UARTDMACR), 0x7);
	wr(UARTILPR, 0x1ff);
	assert_int_equal(rd(UARTILPR), 0xff);
	wr(UARTRIS, 0x7ff); /* read-only */
	wr(UARTMIS, 0x7ff);
	wr(UARTFR, 0);
	assert_int_equal(rd(UARTRIS), 0);
	/* ICR clears everything */
	wr(UARTDR, 'x');
	assert_int_equal(rd(UARTRIS), 0x20);
	wr(UARTICR, 0xffff);
	assert_int_equal(rd(UARTRIS), 0);
	/* a 16-bit write is the value zero-extended; a 16-bit read is the low half */
	{
		uint64_t v = 0xffff0301;

		assert_true(vpl011_access(&U, UARTCR, 2, true, &v));
		assert_int_equal(rd(UARTCR), 0x301);
		assert_true(vpl011_access(&U, UARTCR, 1, false, &v));
		assert_int_equal(v, 0x01);
	}
}

static void test_bad_and_reserved(void **state)
{
	uint64_t v = 5;

	(void)state;
	setup();
	assert_false(vpl011_access(&U, VPL011_FRAME_SIZE, 4, false, &v));
	assert_int_equal(v, 0);
	assert_false(vpl011_access(&U, UARTDR, 8, false, &v));
	assert_false(vpl011_access(&U, UARTDR, 3, true, &v));
	assert_false(vpl011_access(&U, UARTDR + 1, 1, false, &v));
	assert_false(vpl011_access(&U, UARTFR + 2, 2, false, &v));
	assert_int_equal(U.stats.invalid, 5);
	/* reserved: RAZ/WI, counted */
	assert_int_equal(rd(0x008), 0);
	assert_int_equal(rd(0x014), 0);
	assert_int_equal(rd(0x01c), 0);
	assert_int_equal(rd(0x04c), 0);
	assert_int_equal(rd(0x080), 0); /* test registers: not provided */
	wr(0xfdc, 0xffffffff);
	assert_int_equal(U.stats.reserved, 6);
	assert_int_equal(out_len, 0);
}

static void test_reset_keeps_callback(void **state)
{
	static const uint8_t x = 'x';

	(void)state;
	setup();
	wr(UARTIMSC, 0x7ff);
	wr(UARTIBRD, 1);
	assert_int_equal(vpl011_rx_push(&U, &x, 1), 1);
	vpl011_reset(&U);
	assert_int_equal(rd(UARTIMSC), 0);
	assert_int_equal(rd(UARTIBRD), 13);
	assert_int_equal(rd(UARTFR), 0x90);
	wr(UARTDR, 'k');
	assert_int_equal(out_len, 1);
	assert_int_equal(out[0], 'k');
	/* no callback: bytes vanish */
	vpl011_init(&U, NULL, NULL);
	wr(UARTDR, 'k');
	assert_int_equal(rd(UARTFR), 0x90);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_values),
		cmocka_unit_test(test_id_registers),
		cmocka_unit_test(test_printk),
		cmocka_unit_test(test_tx_interrupt),
		cmocka_unit_test(test_tx_held_while_disabled),
		cmocka_unit_test(test_rx),
		cmocka_unit_test(test_rx_trigger_and_full),
		cmocka_unit_test(test_rx_disabled),
		cmocka_unit_test(test_loopback_and_overrun),
		cmocka_unit_test(test_register_masks),
		cmocka_unit_test(test_bad_and_reserved),
		cmocka_unit_test(test_reset_keeps_callback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
