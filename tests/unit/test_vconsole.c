/* Per-partition console policy (core/vdev/vconsole.c): the output filter and line cutting, the
 * typed-input ring, and the input focus with its Ctrl-] (0x1d) commands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vdev/vconsole.h"

/* Feeds a string through the filter; returns what the last byte asked for. */
static enum vcon_emit feed(struct vcon_out *o, const char *s, size_t n)
{
	enum vcon_emit e = VCON_KEEP;

	for (size_t i = 0; i < n; i++) {
		e = vcon_out_byte(o, (uint8_t)s[i]);
		if (i + 1 < n)
			assert_int_equal(e, VCON_KEEP);
	}
	return e;
}

static void assert_line(const struct vcon_out *o, const char *want)
{
	assert_int_equal(o->len, strlen(want));
	assert_memory_equal(o->line, want, o->len);
}

static void test_plain_line(void **state)
{
	struct vcon_out o = { 0 };

	(void)state;
	assert_int_equal(feed(&o, "login: ok\n", 10), VCON_LINE);
	assert_line(&o, "login: ok"); /* the newline is the printer's */
	vcon_out_printed(&o);
	assert_int_equal(o.len, 0);
}

static void test_escape_sequences_dropped(void **state)
{
	struct vcon_out o = { 0 };
	/* CSI colour, CSI cursor move with parameters, a two-byte ESC c (reset), bell, CR. */
	const char s[] = "\x1b[1;31mred\x1b[0m \x1b[12;40Hx\x1b"
			 "c\a\ry";

	(void)state;
	assert_int_equal(feed(&o, s, sizeof(s) - 1), VCON_KEEP);
	assert_line(&o, "red xy");
}

static void test_tab_backspace_and_high_bytes(void **state)
{
	struct vcon_out o = { 0 };
	const char s[] = "a\tbc\b\x7f"
			 "d\xc3\xa9"
			 "\b\b\b\b\b\b";

	(void)state;
	feed(&o, s, 3); /* "a b" */
	assert_line(&o, "a b");
	feed(&o, s + 3, 4); /* c, BS, DEL, d */
	assert_line(&o, "a d");
	feed(&o, s + 7, 2); /* UTF-8 bytes are not printable ASCII: dropped */
	assert_line(&o, "a d");
	feed(&o, s + 9, 6); /* more rub-outs than there is text */
	assert_int_equal(o.len, 0);
}

static void test_full_buffer(void **state)
{
	struct vcon_out o = { 0 };

	(void)state;
	for (unsigned i = 0; i < VCON_LINE_MAX - 1; i++)
		assert_int_equal(vcon_out_byte(&o, 'x'), VCON_KEEP);
	assert_int_equal(vcon_out_byte(&o, 'y'), VCON_FULL);
	assert_int_equal(o.len, VCON_LINE_MAX);
	assert_int_equal(o.line[VCON_LINE_MAX - 1], 'y');
	vcon_out_printed(&o);
	assert_int_equal(vcon_out_byte(&o, 'z'), VCON_KEEP);
	assert_line(&o, "z");
}

static void test_reset_ends_open_sequence(void **state)
{
	struct vcon_out o = { 0 };

	(void)state;
	feed(&o, "\x1b[3", 3); /* the partition died inside a CSI sequence */
	vcon_out_reset(&o);
	feed(&o, "ok", 2);
	assert_line(&o, "ok");
}

static void test_input_ring_into_fifo(void **state)
{
	struct vcon_in in = { 0 };
	struct vpl011 u;
	uint64_t v;

	(void)state;
	vpl011_init(&u, NULL, NULL);
	for (unsigned i = 0; i < VCON_INPUT_MAX + 10; i++)
		vcon_in_push(&in, (uint8_t)i);
	assert_int_equal(in.count, VCON_INPUT_MAX); /* the last 10 were dropped */
	/* The PL011's receive FIFO holds 32 bytes (FIFOs enabled out of reset). */
	assert_int_equal(vcon_in_drain(&in, &u), 32);
	assert_int_equal(in.count, VCON_INPUT_MAX - 32);
	assert_true(vpl011_access(&u, UARTDR, 4, false, &v));
	assert_int_equal(v & 0xff, 0);
	for (unsigned i = 1; i < 32; i++)
		assert_true(vpl011_access(&u, UARTDR, 4, false, &v));
	assert_int_equal(v & 0xff, 31);
	/* Room again: the ring continues where it stopped. */
	assert_int_equal(vcon_in_drain(&in, &u), 32);
	assert_true(vpl011_access(&u, UARTDR, 4, false, &v));
	assert_int_equal(v & 0xff, 32);
	vcon_in_clear(&in);
	assert_int_equal(in.count, 0);
	assert_int_equal(vcon_in_drain(&in, &u), 0);
}

static void test_input_ring_wraps(void **state)
{
	struct vcon_in in = { 0 };
	struct vpl011 u;
	uint64_t v;

	(void)state;
	vpl011_init(&u, NULL, NULL);
	in.head = VCON_INPUT_MAX - 2; /* the next bytes straddle the end of the ring */
	vcon_in_push(&in, 'a');
	vcon_in_push(&in, 'b');
	vcon_in_push(&in, 'c');
	assert_int_equal(vcon_in_drain(&in, &u), 3);
	for (const char *p = "abc"; *p; p++) {
		assert_true(vpl011_access(&u, UARTDR, 4, false, &v));
		assert_int_equal(v & 0xff, *p);
	}
}

static void test_focus_host_first(void **state)
{
	struct vcon_focus f;

	(void)state;
	vcon_focus_init(&f);
	assert_int_equal(vcon_focus_key(&f, 'x'), VCON_KEY_NONE); /* nobody to type to */
	vcon_focus_add(&f, 2, false);
	assert_int_equal(f.focus, 2);
	vcon_focus_add(&f, 1, false); /* earlier in the config */
	assert_int_equal(f.focus, 1);
	vcon_focus_add(&f, 3, true); /* the host wins whatever its position */
	assert_int_equal(f.focus, 3);
	vcon_focus_add(&f, 0, false);
	assert_int_equal(f.focus, 3);
	vcon_focus_add(&f, PART_MAX_PARTITIONS, true); /* beyond the table: ignored */
	assert_int_equal(f.focus, 3);
}

static void test_focus_keys(void **state)
{
	struct vcon_focus f;

	(void)state;
	vcon_focus_init(&f);
	vcon_focus_add(&f, 0, true);
	vcon_focus_add(&f, 1, false);
	assert_int_equal(vcon_focus_key(&f, 'a'), VCON_KEY_DELIVER);
	assert_int_equal(f.focus, 0);
	/* Ctrl-] 1: switch */
	assert_int_equal(vcon_focus_key(&f, VCON_ESCAPE), VCON_KEY_NONE);
	assert_int_equal(vcon_focus_key(&f, '1'), VCON_KEY_SWITCHED);
	assert_int_equal(f.focus, 1);
	/* Ctrl-] Ctrl-]: one Ctrl-] delivered */
	assert_int_equal(vcon_focus_key(&f, VCON_ESCAPE), VCON_KEY_NONE);
	assert_int_equal(vcon_focus_key(&f, VCON_ESCAPE), VCON_KEY_DELIVER);
	assert_int_equal(vcon_focus_key(&f, 'b'), VCON_KEY_DELIVER); /* not an escape any more */
	/* Ctrl-] 5 (no such partition), Ctrl-] x: the list, focus unchanged, byte not delivered */
	assert_int_equal(vcon_focus_key(&f, VCON_ESCAPE), VCON_KEY_NONE);
	assert_int_equal(vcon_focus_key(&f, '5'), VCON_KEY_LIST);
	assert_int_equal(vcon_focus_key(&f, VCON_ESCAPE), VCON_KEY_NONE);
	assert_int_equal(vcon_focus_key(&f, 'x'), VCON_KEY_LIST);
	assert_int_equal(f.focus, 1);
	assert_int_equal(vcon_focus_key(&f, '0'), VCON_KEY_DELIVER); /* a digit without Ctrl-] is text */
	assert_int_equal(f.focus, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_line),
		cmocka_unit_test(test_escape_sequences_dropped),
		cmocka_unit_test(test_tab_backspace_and_high_bytes),
		cmocka_unit_test(test_full_buffer),
		cmocka_unit_test(test_reset_ends_open_sequence),
		cmocka_unit_test(test_input_ring_into_fifo),
		cmocka_unit_test(test_input_ring_wraps),
		cmocka_unit_test(test_focus_host_first),
		cmocka_unit_test(test_focus_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
