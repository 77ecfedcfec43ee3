/* The virtual PL061 GPIO controller (core/vdev/vpl061.c). Offsets, ID bytes and interrupt rules
 * are the PL061 TRM's (DDI 0190B); the register sequences are the ones Linux's gpio-pl061 driver
 * writes to set a line up for an edge interrupt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vdev/vpl061.h"

#define BASE UINT64_C(0x09f02000)

static enum vdev_outcome acc(struct vpl061 *g, uint64_t off, unsigned size, bool write, uint64_t *val)
{
	struct vdev_access a = { .ipa = BASE + off, .kind = VDEV_LOAD_STORE, .size = size, .write = write };
	enum vdev_outcome o;

	a.val = write ? *val : UINT64_C(0xdeadbeef);
	o = vpl061_mmio(g, BASE, &a);
	if (!write)
		*val = a.val;
	return o;
}

static uint64_t rd8(struct vpl061 *g, uint64_t off)
{
	uint64_t v;

	assert_int_equal(acc(g, off, 1, false, &v), VDEV_HANDLED);
	return v;
}

static void wr8(struct vpl061 *g, uint64_t off, uint64_t v)
{
	assert_int_equal(acc(g, off, 1, true, &v), VDEV_HANDLED);
}

static void test_reset_and_ids(void **state)
{
	/* TRM: PeriphID0-3 = 0x61 0x10 0x04 0x00, PCellID0-3 = 0x0d 0xf0 0x05 0xb1. */
	static const uint64_t want[8] = { 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	struct vpl061 g;

	(void)state;
	vpl061_reset(&g);
	for (unsigned i = 0; i < 8; i++) {
		uint64_t v;

		assert_int_equal(acc(&g, 0xfe0 + 4 * i, 4, false, &v), VDEV_HANDLED); /* AMBA bus: readl */
		assert_int_equal(v, want[i]);
	}
	for (uint64_t off = 0x400; off <= 0x420; off += 4)
		assert_int_equal(rd8(&g, off), 0);
	assert_int_equal(rd8(&g, 0x3fc), 0);
	assert_false(vpl061_irq_level(&g));
}

static void test_data_address_mask(void **state)
{
	struct vpl061 g;

	(void)state;
	vpl061_reset(&g);
	wr8(&g, 0x400, 0xff); /* GPIODIR: all outputs */
	wr8(&g, 0x3fc, 0xa5); /* mask 0xff: every bit written */
	assert_int_equal(rd8(&g, 0x3fc), 0xa5);
	wr8(&g, 0x004, 0x00); /* mask 0x01 (address bit 2): only bit 0 changes */
	assert_int_equal(rd8(&g, 0x3fc), 0xa4);
	wr8(&g, 0x200, 0xff); /* mask 0x80 (address bit 9) */
	assert_int_equal(rd8(&g, 0x3fc), 0xa4);
	wr8(&g, 0x100, 0xff); /* mask 0x40 */
	assert_int_equal(rd8(&g, 0x3fc), 0xe4);
	assert_int_equal(rd8(&g, 0x010), 0x04); /* mask 0x04: only bit 2 reads */
	assert_int_equal(rd8(&g, 0x000), 0x00); /* mask 0: nothing reads */
	/* Linux's pl061_set_value(line 5, 1): writeb(1 << 5, base + (1 << (5 + 2))). */
	wr8(&g, 1u << 7, 1u << 5);
	assert_int_equal(rd8(&g, 0x3fc), 0xe4);
	/* Inputs idle low: the latch is not what an input reads. */
	wr8(&g, 0x400, 0x0f);
	assert_int_equal(rd8(&g, 0x3fc), 0x04);
}

/* What Linux's pl061_irq_type(IRQ_TYPE_EDGE_RISING) and unmask leave for line `l`. */
static void linux_rising_edge(struct vpl061 *g, unsigned l)
{
	wr8(g, 0x400, rd8(g, 0x400) & ~(1u << l)); /* direction input */
	wr8(g, 0x404, rd8(g, 0x404) & ~(1u << l)); /* GPIOIS: edge */
	wr8(g, 0x408, rd8(g, 0x408) & ~(1u << l)); /* GPIOIBE: one edge */
	wr8(g, 0x40c, rd8(g, 0x40c) | (1u << l));  /* GPIOIEV: rising */
	wr8(g, 0x410, rd8(g, 0x410) | (1u << l));  /* GPIOIE: unmasked */
}

static void test_pulse_rising_edge_and_clear(void **state)
{
	struct vpl061 g;

	(void)state;
	vpl061_reset(&g);
	linux_rising_edge(&g, 3);
	assert_false(vpl061_irq_level(&g));
	vpl061_pulse(&g, 3);
	assert_int_equal(rd8(&g, 0x414), 0x08); /* GPIORIS */
	assert_int_equal(rd8(&g, 0x418), 0x08); /* GPIOMIS */
	assert_true(vpl061_irq_level(&g));
	vpl061_pulse(&g, 3); /* a second ring before the ack: still one latched edge */
	assert_int_equal(rd8(&g, 0x414), 0x08);
	wr8(&g, 0x41c, 0x01); /* GPIOIC of another line: no effect */
	assert_true(vpl061_irq_level(&g));
	wr8(&g, 0x41c, 0x08);
	assert_int_equal(rd8(&g, 0x414), 0);
	assert_false(vpl061_irq_level(&g));
	assert_int_equal(rd8(&g, 0x41c), 0); /* write-only: reads as zero */
}

static void test_pulse_masked_and_other_edges(void **state)
{
	struct vpl061 g;

	(void)state;
	vpl061_reset(&g);
	vpl061_pulse(&g, 0); /* reset: edge, falling (IEV 0), masked: latches, no interrupt */
	assert_int_equal(rd8(&g, 0x414), 0x01);
	assert_int_equal(rd8(&g, 0x418), 0x00);
	assert_false(vpl061_irq_level(&g));
	wr8(&g, 0x410, 0x01); /* unmasking a latched edge raises the output */
	assert_true(vpl061_irq_level(&g));
	wr8(&g, 0x41c, 0xff);
	wr8(&g, 0x408, 0x02); /* line 1 both edges */
	vpl061_pulse(&g, 1);
	assert_int_equal(rd8(&g, 0x414), 0x02);
	vpl061_pulse(&g, 8); /* no such line */
	vpl061_pulse(&g, 200);
	assert_int_equal(rd8(&g, 0x414), 0x02);
}

static void test_level_sensitive(void **state)
{
	struct vpl061 g;

	(void)state;
	vpl061_reset(&g);
	wr8(&g, 0x404, 0x30); /* lines 4 and 5 level-sensitive */
	wr8(&g, 0x40c, 0x10); /* line 4 high level, line 5 low level */
	wr8(&g, 0x410, 0x30);
	assert_int_equal(rd8(&g, 0x414), 0x20); /* the idle-low input 5 is at its level */
	vpl061_pulse(&g, 4);                    /* high only during the pulse: nothing stays */
	assert_int_equal(rd8(&g, 0x414), 0x20);
	wr8(&g, 0x41c, 0x20); /* GPIOIC does not clear a level */
	assert_int_equal(rd8(&g, 0x414), 0x20);
	wr8(&g, 0x410, 0x10);
	assert_false(vpl061_irq_level(&g));
}

static void test_output_lines(void **state)
{
	struct vpl061 g;

	(void)state;
	vpl061_reset(&g);
	wr8(&g, 0x40c, 0x04); /* line 2 rising edge */
	wr8(&g, 0x410, 0x04);
	wr8(&g, 0x400, 0x04); /* an output, driven low */
	vpl061_pulse(&g, 2);  /* a pulse does not move an output */
	assert_int_equal(rd8(&g, 0x414), 0);
	wr8(&g, 0x010, 0x04); /* driven high: the pad's rising edge is detected */
	assert_int_equal(rd8(&g, 0x414), 0x04);
	assert_true(vpl061_irq_level(&g));
}

static void test_access_sizes(void **state)
{
	struct vpl061 g;
	uint64_t v = 0xff;

	(void)state;
	vpl061_reset(&g);
	assert_int_equal(acc(&g, 0x400, 4, true, &v), VDEV_HANDLED);
	assert_int_equal(rd8(&g, 0x400), 0xff);
	assert_int_equal(rd8(&g, 0x401), 0); /* upper bytes of a register word */
	v = 0x11;
	assert_int_equal(acc(&g, 0x401, 1, true, &v), VDEV_HANDLED); /* ignored */
	assert_int_equal(rd8(&g, 0x400), 0xff);
	assert_int_equal(acc(&g, 0x400, 2, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0xff);
	v = 0x5a;
	assert_int_equal(acc(&g, 0x414, 1, true, &v), VDEV_HANDLED); /* RIS is read-only */
	assert_int_equal(rd8(&g, 0x414), 0);
	assert_int_equal(rd8(&g, 0x800), 0); /* reserved */
	assert_int_equal(acc(&g, 0x400, 8, false, &v), VDEV_FAULT);
	assert_int_equal(acc(&g, 0x402, 4, false, &v), VDEV_FAULT);
	assert_int_equal(acc(&g, 0x1000, 4, false, &v), VDEV_NOT_MINE);
	assert_int_equal(acc(&g, (uint64_t)-4, 4, false, &v), VDEV_NOT_MINE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_and_ids),
		cmocka_unit_test(test_data_address_mask),
		cmocka_unit_test(test_pulse_rising_edge_and_clear),
		cmocka_unit_test(test_pulse_masked_and_other_edges),
		cmocka_unit_test(test_level_sensitive),
		cmocka_unit_test(test_output_lines),
		cmocka_unit_test(test_access_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
