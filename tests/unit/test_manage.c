/* The management interface's decisions, result text and window registers, against
 * docs/guest-abi.md ("Management"): reads open to all, stop/start/restart only on a partition the
 * caller's `manages` names (bit i = partition i), each only in the states the table allows; the
 * window's registers at MAGIC 0x000 ("BKHD" = 0x424b4844), VERSION 0x004, COMMAND 0x008,
 * STATUS 0x00c, LENGTH 0x010, NAME 0x020-0x03f, DATA 0x1000-0x1fff; 32-bit accesses only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/partition/manage.h"
#include "core/vdev/mgmt_window.h"

static void test_reads_open_to_all(void **state)
{
	enum mgmt_action act = MGMT_ACT_BOOT;

	(void)state;
	assert_int_equal(mgmt_decide(0, 1, MGMT_OP_LIST, MGMT_STOPPED, &act), 0);
	assert_int_equal(act, MGMT_ACT_NONE);
	assert_int_equal(mgmt_decide(0, 5, MGMT_OP_GROUPS, MGMT_RUNNING, &act), 0);
	assert_int_equal(mgmt_decide(0, 7, MGMT_OP_STATS, MGMT_RUNNING, &act), 0);
	assert_int_equal(mgmt_decide(~0u, 0, 0, MGMT_RUNNING, &act), -1);
	assert_int_equal(mgmt_decide(~0u, 0, 9, MGMT_RUNNING, &act), -1);
	/* Channels: listing and ringing need no `manages` (membership is checked where the
	 * channels are known, arch/arm64/vm/channels.c). */
	assert_int_equal(mgmt_decide(0, 0, MGMT_OP_CHANNELS, MGMT_RUNNING, &act), 0);
	assert_int_equal(mgmt_decide(0, 0, MGMT_OP_RING, MGMT_STOPPED, &act), 0);
	assert_int_equal(act, MGMT_ACT_NONE);
}

static void test_control_needs_manages(void **state)
{
	enum mgmt_action act;

	(void)state;
	/* manages = partition 1 only (0b10). */
	assert_int_equal(mgmt_decide(0x2, 0, MGMT_OP_STOP, MGMT_RUNNING, &act), -3);
	assert_int_equal(mgmt_decide(0x2, 2, MGMT_OP_RESTART, MGMT_RUNNING, &act), -3);
	assert_int_equal(mgmt_decide(0x0, 1, MGMT_OP_START, MGMT_STOPPED, &act), -3);
	assert_int_equal(mgmt_decide(0xffffffffu, 40, MGMT_OP_STOP, MGMT_RUNNING, &act), -3);
	assert_int_equal(mgmt_decide(0x2, 1, MGMT_OP_STOP, MGMT_RUNNING, &act), 0);
	assert_int_equal(act, MGMT_ACT_STOP);
}

static void test_state_table(void **state)
{
	static const struct {
		int op;
		enum mgmt_state st;
		int ret;
		enum mgmt_action act;
	} rows[] = {
		{ MGMT_OP_STOP, MGMT_RUNNING, 0, MGMT_ACT_STOP },
		{ MGMT_OP_STOP, MGMT_STOPPED, -5, MGMT_ACT_NONE },
		{ MGMT_OP_STOP, MGMT_STOPPING, -5, MGMT_ACT_NONE },
		{ MGMT_OP_STOP, MGMT_RESETTING, -5, MGMT_ACT_NONE },
		{ MGMT_OP_START, MGMT_STOPPED, 0, MGMT_ACT_BOOT },
		{ MGMT_OP_START, MGMT_RUNNING, -5, MGMT_ACT_NONE },
		{ MGMT_OP_START, MGMT_STOPPING, -5, MGMT_ACT_NONE },
		{ MGMT_OP_RESTART, MGMT_RUNNING, 0, MGMT_ACT_RESTART },
		{ MGMT_OP_RESTART, MGMT_STOPPED, 0, MGMT_ACT_BOOT },
		{ MGMT_OP_RESTART, MGMT_STOPPING, -5, MGMT_ACT_NONE },
		{ MGMT_OP_RESTART, MGMT_RESETTING, -5, MGMT_ACT_NONE },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		enum mgmt_action act = MGMT_ACT_NONE;

		assert_int_equal(mgmt_decide(0x1, 0, rows[i].op, rows[i].st, &act), rows[i].ret);
		assert_int_equal(act, rows[i].act);
	}
}

static void pack(uint64_t w[4], const char *bytes, size_t n)
{
	memset(w, 0, 4 * sizeof(uint64_t));
	for (size_t i = 0; i < n; i++)
		w[i / 8] |= (uint64_t)(unsigned char)bytes[i] << (8 * (i % 8));
}

static void test_name_unpack(void **state)
{
	uint64_t w[4];
	char name[MGMT_NAME_MAX];
	char longest[32];

	(void)state;
	w[0] = 0x7473657567; /* "guest" little-endian */
	w[1] = w[2] = w[3] = 0;
	assert_true(mgmt_name_unpack(w, name));
	assert_string_equal(name, "guest");
	pack(w, "", 1);
	assert_false(mgmt_name_unpack(w, name));
	pack(w, "Guest", 5);
	assert_false(mgmt_name_unpack(w, name));
	pack(w, "a/b", 3);
	assert_false(mgmt_name_unpack(w, name));
	memset(longest, 'a', sizeof(longest));
	pack(w, longest, 32); /* no NUL in 32 bytes */
	assert_false(mgmt_name_unpack(w, name));
	pack(w, longest, 31); /* 31 characters and the NUL */
	assert_true(mgmt_name_unpack(w, name));
	assert_int_equal(strlen(name), 31);
}

static void test_format(void **state)
{
	char buf[256];
	struct mgmt_out o;
	const struct mgmt_part_info g = { "guest", MGMT_STOPPED, 1, 0x8000000, 2, MGMT_STOP_FAULT, false };
	struct dma_master masters[3] = { { .name = "/dma@a001000" },
					 { .name = "/dma@a002000" },
					 { .name = "0000:01:00.0" } };
	size_t m01[] = { 0, 1 }, m2[] = { 2 };
	struct iso_group groups[2] = { { .id = 1, .members = m01, .n_members = 2 },
				       { .id = 4, .members = m2, .n_members = 1 } };
	const struct group_set gs = { .masters = masters, .n_masters = 3, .groups = groups, .n_groups = 2 };
	struct pmap_partition parts[2] = { { .name = "host" }, { .name = "guest" } };
	int owner[2] = { 1, -1 };
	const struct partition_map map = { .parts = parts, .n_parts = 2, .group_owner = owner, .n_groups = 2 };
	const char *const keys[] = { "psci", "fault" };
	const uint64_t vals[] = { 3, 1 };

	(void)state;
	mgmt_out_init(&o, buf, sizeof(buf));
	mgmt_format_partition(&o, &g);
	mgmt_format_groups(&o, &map, &gs);
	mgmt_format_counters(&o, "guest", keys, vals, 2);
	assert_false(o.overflow);
	assert_string_equal(buf, "partition name=guest state=stopped cpus=1 memory=134217728 boots=2 last-stop=fault "
				 "host=0\n"
				 "group id=1 owner=guest members=/dma@a001000,/dma@a002000\n"
				 "group id=4 owner=none members=0000:01:00.0\n"
				 "stats name=guest total=4 psci=3 fault=1\n");
	assert_int_equal(o.len, strlen(buf));
}

static void test_format_overflow_counts_need(void **state)
{
	char buf[16];
	struct mgmt_out o;
	const struct mgmt_part_info h = { "host", MGMT_RUNNING, 3, 4096, 1, MGMT_STOP_NONE, true };

	(void)state;
	mgmt_out_init(&o, buf, sizeof(buf));
	mgmt_format_partition(&o, &h);
	assert_true(o.overflow);
	assert_int_equal(o.len, strlen("partition name=host state=running cpus=3 memory=4096 boots=1 last-stop=none "
				       "host=1\n"));
}

static struct mgmt_window W;

static enum vdev_outcome acc(uint64_t off, unsigned size, bool write, uint64_t val, uint64_t *out, int *cmd)
{
	struct vdev_access a = {
		.ipa = MGMT_WINDOW_IPA + off, .kind = VDEV_LOAD_STORE, .size = size, .write = write, .val = val
	};
	enum vdev_outcome o = mgmt_window_access(&W, MGMT_WINDOW_IPA, &a, cmd);

	if (out)
		*out = a.val;
	return o;
}

static void test_window_registers(void **state)
{
	uint64_t v;
	int cmd;
	char name[MGMT_NAME_MAX];

	(void)state;
	mgmt_window_reset(&W);
	assert_int_equal(acc(0x000, 4, false, 0, &v, &cmd), VDEV_HANDLED);
	assert_int_equal(v, 0x424b4844);
	assert_int_equal(acc(0x004, 4, false, 0, &v, &cmd), VDEV_HANDLED);
	assert_int_equal(v, 1);
	/* "guest" into NAME, two words. */
	assert_int_equal(acc(0x020, 4, true, 0x73657567, NULL, &cmd), VDEV_HANDLED);
	assert_int_equal(cmd, 0);
	assert_int_equal(acc(0x024, 4, true, 0x74, NULL, &cmd), VDEV_HANDLED);
	assert_int_equal(acc(0x024, 4, false, 0, &v, &cmd), VDEV_HANDLED);
	assert_int_equal(v, 0x74);
	assert_true(mgmt_name_unpack(W.name, name));
	assert_string_equal(name, "guest");
	/* COMMAND: the caller runs it. */
	assert_int_equal(acc(0x008, 4, true, 6, NULL, &cmd), VDEV_HANDLED);
	assert_int_equal(cmd, 6);
	mgmt_window_result(&W, 0, "abcde", 5);
	assert_int_equal(acc(0x00c, 4, false, 0, &v, &cmd), VDEV_HANDLED);
	assert_int_equal(v, 0);
	assert_int_equal(acc(0x010, 4, false, 0, &v, &cmd), VDEV_HANDLED);
	assert_int_equal(v, 5);
	assert_int_equal(acc(0x1000, 4, false, 0, &v, &cmd), VDEV_HANDLED);
	assert_int_equal(v, 0x64636261);
	assert_int_equal(acc(0x1004, 4, false, 0, &v, &cmd), VDEV_HANDLED);
	assert_int_equal(v, 0x65);
	assert_int_equal(acc(0x1ffc, 4, false, 0, &v, &cmd), VDEV_HANDLED);
	assert_int_equal(v, 0);
	/* A refusal leaves no text; STATUS reads as the signed code's 32 bits. */
	mgmt_window_result(&W, -3, "x", 1);
	assert_int_equal(acc(0x00c, 4, false, 0, &v, &cmd), VDEV_HANDLED);
	assert_int_equal(v, 0xfffffffd);
	assert_int_equal(acc(0x010, 4, false, 0, &v, &cmd), VDEV_HANDLED);
	assert_int_equal(v, 0);
}

static void test_window_refusals(void **state)
{
	int cmd;

	(void)state;
	mgmt_window_reset(&W);
	assert_int_equal(acc(0x2000, 4, false, 0, NULL, &cmd), VDEV_NOT_MINE);
	assert_int_equal(acc(0x000, 8, false, 0, NULL, &cmd), VDEV_FAULT);
	assert_int_equal(acc(0x001, 4, false, 0, NULL, &cmd), VDEV_FAULT);
	assert_int_equal(acc(0x000, 1, false, 0, NULL, &cmd), VDEV_FAULT);
	assert_int_equal(acc(0x00c, 4, true, 0, NULL, &cmd), VDEV_FAULT); /* STATUS is read-only */
	assert_int_equal(acc(0x1000, 4, true, 0, NULL, &cmd), VDEV_FAULT);
}

static void test_names(void **state)
{
	(void)state;
	assert_false(mgmt_op_known(0));
	assert_true(mgmt_op_known(1));
	assert_true(mgmt_op_known(6));
	assert_int_equal(MGMT_OP_CHANNELS, 7);
	assert_int_equal(MGMT_OP_RING, 8);
	assert_true(mgmt_op_known(8));
	assert_false(mgmt_op_known(9));
	assert_false(mgmt_op_has_target(MGMT_OP_CHANNELS));
	assert_true(mgmt_op_has_target(MGMT_OP_RING));
	assert_string_equal(mgmt_op_name(MGMT_OP_CHANNELS), "channels");
	assert_string_equal(mgmt_op_name(MGMT_OP_RING), "ring");
	assert_string_equal(mgmt_err_name(-7), "no-such-channel");
	assert_string_equal(mgmt_err_name(-8), "?");
	assert_false(mgmt_op_has_target(MGMT_OP_LIST));
	assert_false(mgmt_op_has_target(MGMT_OP_GROUPS));
	assert_true(mgmt_op_has_target(MGMT_OP_STATS));
	assert_true(mgmt_op_has_target(MGMT_OP_START));
	assert_false(mgmt_op_has_target(9));
	assert_string_equal(mgmt_err_name(-3), "denied");
	assert_string_equal(mgmt_err_name(-6), "too-long");
	assert_string_equal(mgmt_op_name(MGMT_OP_RESTART), "restart");
	assert_string_equal(mgmt_state_name(MGMT_RESETTING), "restarting");
	assert_string_equal(mgmt_stop_name(MGMT_STOP_MANAGED), "managed-stop");
}

/* The channel line, as docs/guest-abi.md ("Channels") spells it. */
static void test_format_channel(void **state)
{
	static const char *const peers[] = { "guest", "spy" };
	struct mgmt_chan_info ci = { .name = "chat",
				     .size = 0x10000,
				     .ipa = 0x70000000,
				     .read_only = true,
				     .doorbell = 100,
				     .rings = 3,
				     .peers = peers,
				     .n_peers = 2 };
	char buf[256];
	struct mgmt_out o;

	(void)state;
	mgmt_out_init(&o, buf, sizeof(buf));
	mgmt_format_channel(&o, &ci);
	ci.read_only = false;
	ci.n_peers = 0;
	mgmt_format_channel(&o, &ci);
	assert_false(o.overflow);
	assert_string_equal(buf, "channel name=chat size=65536 ipa=0x70000000 access=read-only doorbell=100 rings=3 "
				 "peers=guest,spy\n"
				 "channel name=chat size=65536 ipa=0x70000000 access=read-write doorbell=100 rings=3 "
				 "peers=\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_open_to_all),
		cmocka_unit_test(test_control_needs_manages),
		cmocka_unit_test(test_state_table),
		cmocka_unit_test(test_name_unpack),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_overflow_counts_need),
		cmocka_unit_test(test_window_registers),
		cmocka_unit_test(test_window_refusals),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_format_channel),
	};

	return cmocka_run_group_tests_name("manage", tests, NULL, NULL);
}
