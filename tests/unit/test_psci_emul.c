/* PSCI emulation as a pure state machine. Function IDs, return codes and MIGRATE_INFO_TYPE values
 * are written out by hand from the PSCI specification (DEN0022) and docs/guest-abi.md; an SMC32
 * call from AArch64 uses only the low 32 bits of x1-x3 (SMCCC). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vdev/psci_emul.h"

/* What the entry_ok callback saw, and what it answers. */
struct entry_check {
	bool answer;
	unsigned calls;
	uint64_t last_ipa;
};

static bool entry_ok(void *ctx, uint64_t ipa)
{
	struct entry_check *c = ctx;

	c->calls++;
	c->last_ipa = ipa;
	return c->answer;
}

/* 4 vCPUs: vCPU 0 running (as the runtime marks it once it entered the guest), the rest off. */
static void four_vcpus(struct psci_state *s)
{
	psci_state_reset(s, 4, 0x40080000, 0x4fe00000);
	s->vcpu[0].power = VCPU_ON;
}

static struct psci_result call(struct psci_state *s, unsigned caller, uint64_t fid, uint64_t a1, uint64_t a2,
			       uint64_t a3)
{
	struct entry_check ok = { .answer = true };

	return psci_handle(s, caller, fid, a1, a2, a3, entry_ok, &ok);
}

static void assert_plain(struct psci_result r, int64_t ret)
{
	assert_int_equal(r.ret, ret);
	assert_int_equal(r.action, PSCI_ACT_NONE);
}

static void test_function_ids(void **state)
{
	(void)state;
	/* DEN0022 table 5 (PSCI 0.2+ function IDs). */
	assert_int_equal(PSCI_FN_VERSION, 0x84000000);
	assert_int_equal(PSCI_FN_CPU_SUSPEND, 0x84000001);
	assert_int_equal(PSCI_FN64_CPU_SUSPEND, 0xc4000001);
	assert_int_equal(PSCI_FN_CPU_OFF, 0x84000002);
	assert_int_equal(PSCI_FN_CPU_ON, 0x84000003);
	assert_int_equal(PSCI_FN64_CPU_ON, 0xc4000003);
	assert_int_equal(PSCI_FN_AFFINITY_INFO, 0x84000004);
	assert_int_equal(PSCI_FN64_AFFINITY_INFO, 0xc4000004);
	assert_int_equal(PSCI_FN_MIGRATE_INFO_TYPE, 0x84000006);
	assert_int_equal(PSCI_FN_SYSTEM_OFF, 0x84000008);
	assert_int_equal(PSCI_FN_SYSTEM_RESET, 0x84000009);
	assert_int_equal(PSCI_FN_FEATURES, 0x8400000a);
}

static void test_version(void **state)
{
	struct psci_state s;

	(void)state;
	four_vcpus(&s);
	assert_plain(call(&s, 0, 0x84000000, 0, 0, 0), 0x10000); /* major 1, minor 0 */
	/* Arguments do not matter. */
	assert_plain(call(&s, 3, 0x84000000, ~UINT64_C(0), ~UINT64_C(0), ~UINT64_C(0)), 0x10000);
}

static void test_features_supported(void **state)
{
	static const uint32_t supported[] = {
		0x84000000, 0x84000001, 0xc4000001, 0x84000002, 0x84000003, 0xc4000003,
		0x84000004, 0xc4000004, 0x84000006, 0x84000008, 0x84000009, 0x8400000a,
	};
	struct psci_state s;

	(void)state;
	four_vcpus(&s);
	for (size_t i = 0; i < sizeof(supported) / sizeof(supported[0]); i++)
		assert_plain(call(&s, 0, 0x8400000a, supported[i], 0, 0), 0);
	/* PSCI_FEATURES is an SMC32 call: the upper half of x1 is not part of the argument. */
	assert_plain(call(&s, 0, 0x8400000a, UINT64_C(0xffffffff84000003), 0, 0), 0);
	assert_plain(call(&s, 0, 0x8400000a, UINT64_C(0x00000001c4000003), 0, 0), 0);
}

static void test_features_unsupported(void **state)
{
	static const uint64_t unsupported[] = {
		0x84000005,             /* MIGRATE */
		0xc4000005,             /* MIGRATE (SMC64) */
		0x84000007,             /* MIGRATE_INFO_UP_CPU */
		0xc4000002,             /* CPU_OFF has no SMC64 form */
		0xc4000006,             /* nor MIGRATE_INFO_TYPE */
		0x8400000e,             /* SYSTEM_SUSPEND */
		0xc400000e, 0x84000012, /* SYSTEM_RESET2 (PSCI 1.1) */
		0x8400001f,             /* top of the PSCI range */
		0x80000000,             /* SMCCC_VERSION: not PSCI */
		0x86000001,             /* bulkhead's console hypercall */
		0,          0xffffffff,
	};
	struct psci_state s;

	(void)state;
	four_vcpus(&s);
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		assert_plain(call(&s, 0, 0x8400000a, unsupported[i], 0, 0), -1);
}

static void test_cpu_on_success(void **state)
{
	struct psci_state s;
	struct entry_check ok = { .answer = true };
	struct psci_result r;

	(void)state;
	four_vcpus(&s);
	r = psci_handle(&s, 0, 0xc4000003, 1, 0x40100000, 0xdeadbeefcafe, entry_ok, &ok);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.action, PSCI_ACT_WAKE);
	assert_int_equal(r.target, 1);
	assert_int_equal(ok.calls, 1);
	assert_int_equal(ok.last_ipa, 0x40100000);
	assert_int_equal(s.vcpu[1].power, VCPU_ON_PENDING);
	assert_int_equal(s.vcpu[1].entry, 0x40100000);
	assert_int_equal(s.vcpu[1].context, 0xdeadbeefcafe);
	/* Nobody else changed. */
	assert_int_equal(s.vcpu[0].power, VCPU_ON);
	assert_int_equal(s.vcpu[2].power, VCPU_OFF);
	assert_int_equal(s.vcpu[3].power, VCPU_OFF);

	/* The last vCPU, from another caller. */
	r = call(&s, 1, 0xc4000003, 3, 0x40200000, 0);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.action, PSCI_ACT_WAKE);
	assert_int_equal(r.target, 3);
	assert_int_equal(s.vcpu[3].power, VCPU_ON_PENDING);
	assert_int_equal(s.vcpu[3].entry, 0x40200000);
	assert_int_equal(s.vcpu[3].context, 0);
}

static void test_cpu_on_without_entry_check(void **state)
{
	struct psci_state s;
	struct psci_result r;

	(void)state;
	four_vcpus(&s);
	r = psci_handle(&s, 0, 0xc4000003, 2, 0x1234, 7, NULL, NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.action, PSCI_ACT_WAKE);
	assert_int_equal(r.target, 2);
	assert_int_equal(s.vcpu[2].entry, 0x1234);
	assert_int_equal(s.vcpu[2].context, 7);
}

static void test_cpu_on_already_on(void **state)
{
	struct psci_state s;

	(void)state;
	four_vcpus(&s);
	assert_plain(call(&s, 0, 0xc4000003, 0, 0x40100000, 0), -4);
	assert_plain(call(&s, 0, 0x84000003, 0, 0x40100000, 0), -4);
	assert_int_equal(s.vcpu[0].power, VCPU_ON);
	assert_int_equal(s.vcpu[0].entry, 0x40080000); /* untouched */
}

static void test_cpu_on_pending(void **state)
{
	struct psci_state s;
	struct psci_result r;

	(void)state;
	four_vcpus(&s);
	r = call(&s, 0, 0xc4000003, 2, 0x40100000, 0x11);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.action, PSCI_ACT_WAKE);
	/* Asked again before it started: ON_PENDING, and the first request stands. */
	assert_plain(call(&s, 0, 0xc4000003, 2, 0x40300000, 0x22), -5);
	assert_int_equal(s.vcpu[2].power, VCPU_ON_PENDING);
	assert_int_equal(s.vcpu[2].entry, 0x40100000);
	assert_int_equal(s.vcpu[2].context, 0x11);
	/* vCPU 0 right after reset is pending too. */
	psci_state_reset(&s, 2, 0x40080000, 0);
	assert_plain(call(&s, 0, 0x84000003, 0, 0x40100000, 0), -5);
}

static void test_cpu_on_invalid_parameters(void **state)
{
	static const uint64_t bad[] = {
		4, /* one past the last vCPU */
		5,
		0xff,                  /* largest Aff0 */
		0x100,                 /* Aff1 = 1, Aff0 = 0 */
		0x101,                 /* Aff1 = 1, Aff0 = 1 */
		0x10000,               /* Aff2 */
		UINT64_C(0x100000000), /* Aff3 */
		UINT64_C(0x8000000000000001),
	};
	struct psci_state s;

	(void)state;
	four_vcpus(&s);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_plain(call(&s, 0, 0xc4000003, bad[i], 0x40100000, 0), -2);
		assert_int_equal(s.vcpu[1].power, VCPU_OFF);
		assert_int_equal(s.vcpu[2].power, VCPU_OFF);
		assert_int_equal(s.vcpu[3].power, VCPU_OFF);
	}
	/* The SMC32 form truncates first: 0x100 stays out of range, Aff3 disappears. */
	assert_plain(call(&s, 0, 0x84000003, 0x100, 0x40100000, 0), -2);
	assert_plain(call(&s, 0, 0x84000003, 4, 0x40100000, 0), -2);
}

static void test_cpu_on_invalid_address(void **state)
{
	struct psci_state s;
	struct entry_check no = { .answer = false };
	struct psci_result r;

	(void)state;
	four_vcpus(&s);
	r = psci_handle(&s, 0, 0xc4000003, 1, 0x90000000, 5, entry_ok, &no);
	assert_plain(r, -9);
	assert_int_equal(no.calls, 1);
	assert_int_equal(no.last_ipa, 0x90000000);
	assert_int_equal(s.vcpu[1].power, VCPU_OFF);
	assert_int_equal(s.vcpu[1].entry, 0);
	assert_int_equal(s.vcpu[1].context, 0);

	no.calls = 0;
	r = psci_handle(&s, 0, 0x84000003, 2, 0x90000000, 5, entry_ok, &no);
	assert_plain(r, -9);
	assert_int_equal(no.calls, 1);
	assert_int_equal(s.vcpu[2].power, VCPU_OFF);
}

static void test_cpu_on_smc32_truncates(void **state)
{
	struct psci_state s;
	struct entry_check ok = { .answer = true };
	struct psci_result r;

	(void)state;
	four_vcpus(&s);
	r = psci_handle(&s, 0, 0x84000003, UINT64_C(0xffffffff00000002), UINT64_C(0xabcdef0040200000),
			UINT64_C(0x123456789abcdef0), entry_ok, &ok);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.action, PSCI_ACT_WAKE);
	assert_int_equal(r.target, 2);
	assert_int_equal(ok.last_ipa, 0x40200000);
	assert_int_equal(s.vcpu[2].power, VCPU_ON_PENDING);
	assert_int_equal(s.vcpu[2].entry, 0x40200000);
	assert_int_equal(s.vcpu[2].context, 0x9abcdef0);

	/* The SMC64 form keeps all 64 bits: the same x1 names no vCPU. */
	assert_plain(call(&s, 0, 0xc4000003, UINT64_C(0xffffffff00000003), 0x40200000, 0), -2);
	/* ... and a 64-bit entry point stays whole. */
	r = psci_handle(&s, 0, 0xc4000003, 3, UINT64_C(0x100000000), UINT64_C(0x200000000), entry_ok, &ok);
	assert_int_equal(r.ret, 0);
	assert_int_equal(ok.last_ipa, 0x100000000);
	assert_int_equal(s.vcpu[3].entry, 0x100000000);
	assert_int_equal(s.vcpu[3].context, 0x200000000);
}

static void test_cpu_off(void **state)
{
	struct psci_state s;
	struct psci_result r;

	(void)state;
	four_vcpus(&s);
	s.vcpu[1].power = VCPU_ON;
	r = call(&s, 1, 0x84000002, 0, 0, 0);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.action, PSCI_ACT_CPU_OFF);
	assert_int_equal(r.target, 1);
	assert_int_equal(s.vcpu[1].power, VCPU_OFF);
	assert_int_equal(s.vcpu[0].power, VCPU_ON);

	/* Once off it can be started again. */
	r = call(&s, 0, 0xc4000003, 1, 0x40100000, 0);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.action, PSCI_ACT_WAKE);

	/* The last running vCPU may turn itself off too. */
	r = call(&s, 0, 0x84000002, 0, 0, 0);
	assert_int_equal(r.action, PSCI_ACT_CPU_OFF);
	assert_int_equal(r.target, 0);
	assert_int_equal(s.vcpu[0].power, VCPU_OFF);
}

static void test_cpu_off_denied_for_unknown_caller(void **state)
{
	struct psci_state s;

	(void)state;
	four_vcpus(&s);
	assert_plain(call(&s, 4, 0x84000002, 0, 0, 0), -3);
	assert_plain(call(&s, 100, 0x84000002, 0, 0, 0), -3);
}

static void test_affinity_info_states(void **state)
{
	struct psci_state s;

	(void)state;
	four_vcpus(&s);
	s.vcpu[2].power = VCPU_ON_PENDING;
	assert_plain(call(&s, 0, 0xc4000004, 0, 0, 0), 0); /* ON */
	assert_plain(call(&s, 0, 0xc4000004, 1, 0, 0), 1); /* OFF */
	assert_plain(call(&s, 0, 0xc4000004, 2, 0, 0), 2); /* ON_PENDING */
	assert_plain(call(&s, 0, 0x84000004, 0, 0, 0), 0);
	assert_plain(call(&s, 0, 0x84000004, 3, 0, 0), 1);
	assert_plain(call(&s, 0, 0x84000004, 2, 0, 0), 2);
	/* Asking changes nothing. */
	assert_int_equal(s.vcpu[0].power, VCPU_ON);
	assert_int_equal(s.vcpu[1].power, VCPU_OFF);
	assert_int_equal(s.vcpu[2].power, VCPU_ON_PENDING);
}

static void test_affinity_info_levels(void **state)
{
	struct psci_state s;

	(void)state;
	four_vcpus(&s);
	/* Only level 0 (a single vCPU) is supported. */
	assert_plain(call(&s, 0, 0xc4000004, 0, 1, 0), -2);
	assert_plain(call(&s, 0, 0xc4000004, 0, 2, 0), -2);
	assert_plain(call(&s, 0, 0xc4000004, 0, 3, 0), -2);
	assert_plain(call(&s, 0, 0x84000004, 0, 1, 0), -2);
	/* Bad targets. */
	assert_plain(call(&s, 0, 0xc4000004, 4, 0, 0), -2);
	assert_plain(call(&s, 0, 0xc4000004, 0x100, 0, 0), -2);
	assert_plain(call(&s, 0, 0xc4000004, UINT64_C(0x100000001), 0, 0), -2);
	/* SMC32: upper halves of x1 and x2 are not part of the call. */
	assert_plain(call(&s, 0, 0x84000004, UINT64_C(0xffffffff00000001), UINT64_C(0xffffffff00000000), 0), 1);
	assert_plain(call(&s, 0, 0x84000004, UINT64_C(0x100000000), 0, 0), 0);
	/* SMC64 keeps them. */
	assert_plain(call(&s, 0, 0xc4000004, 1, UINT64_C(0x100000000), 0), -2);
}

static void test_migrate_info_type(void **state)
{
	struct psci_state s;

	(void)state;
	four_vcpus(&s);
	assert_plain(call(&s, 0, 0x84000006, 0, 0, 0), 2); /* no Trusted OS */
	assert_plain(call(&s, 2, 0x84000006, 1, 2, 3), 2);
}

static void test_cpu_suspend(void **state)
{
	struct psci_state s;

	(void)state;
	four_vcpus(&s);
	assert_plain(call(&s, 0, 0x84000001, 0, 0x40100000, 0), 0);
	assert_plain(call(&s, 0, 0xc4000001, 0x10000, 0x40100000, 0), 0);
	assert_int_equal(s.vcpu[0].power, VCPU_ON);
}

static void test_system_off_and_reset(void **state)
{
	struct psci_state s;
	struct psci_result r;

	(void)state;
	four_vcpus(&s);
	r = call(&s, 0, 0x84000008, 0, 0, 0);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.action, PSCI_ACT_SYSTEM_OFF);
	r = call(&s, 3, 0x84000009, 0, 0, 0);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.action, PSCI_ACT_SYSTEM_RESET);
}

static void test_unknown_fid(void **state)
{
	static const uint64_t unknown[] = {
		0x84000005,
		0xc4000005,
		0x84000007,
		0xc4000007,
		0xc4000002,
		0xc4000008,
		0xc400000a,
		0x8400000b,
		0x8400000e,
		0x84000012,
		0x8400001f,
		0x84000020,
		0x86000001,
		0x80000000,
		0xc2000000,
		0,
		UINT64_C(0x184000000),
		~UINT64_C(0),
	};
	struct psci_state s;
	struct psci_state before;

	(void)state;
	four_vcpus(&s);
	memcpy(&before, &s, sizeof(s));
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		assert_plain(call(&s, 0, unknown[i], 1, 0x40100000, 0), -1);
	assert_memory_equal(&s, &before, sizeof(s));
}

static void test_is_psci_fid(void **state)
{
	(void)state;
	assert_true(psci_is_psci_fid(0x84000000));
	assert_true(psci_is_psci_fid(0x84000001));
	assert_true(psci_is_psci_fid(0x8400001f));
	assert_true(psci_is_psci_fid(0xc4000000));
	assert_true(psci_is_psci_fid(0xc4000003));
	assert_true(psci_is_psci_fid(0xc400001f));

	assert_false(psci_is_psci_fid(0x84000020));
	assert_false(psci_is_psci_fid(0xc4000020));
	assert_false(psci_is_psci_fid(0x83ffffff));
	assert_false(psci_is_psci_fid(0x86000001));
	assert_false(psci_is_psci_fid(0x80000000));
	assert_false(psci_is_psci_fid(0x04000000)); /* yielding call */
	assert_false(psci_is_psci_fid(0x44000000));
	assert_false(psci_is_psci_fid(0));
	assert_false(psci_is_psci_fid(UINT64_C(0x184000000)));
	assert_false(psci_is_psci_fid(UINT64_C(0xffffffff84000000)));
}

static void test_target_vcpu(void **state)
{
	struct psci_state s;

	(void)state;
	psci_state_reset(&s, 3, 0, 0);
	assert_int_equal(psci_target_vcpu(&s, 0), 0);
	assert_int_equal(psci_target_vcpu(&s, 2), 2);
	assert_int_equal(psci_target_vcpu(&s, 3), -1);
	assert_int_equal(psci_target_vcpu(&s, 0x100), -1);
	assert_int_equal(psci_target_vcpu(&s, 0x102), -1);
	assert_int_equal(psci_target_vcpu(&s, UINT64_C(0x100000000)), -1);
}

static void test_state_reset(void **state)
{
	struct psci_state s;

	(void)state;
	memset(&s, 0xa5, sizeof(s));
	psci_state_reset(&s, 3, 0x40080000, 0x4fe00000);
	assert_int_equal(s.n_vcpus, 3);
	assert_int_equal(s.vcpu[0].power, VCPU_ON_PENDING);
	assert_int_equal(s.vcpu[0].entry, 0x40080000);
	assert_int_equal(s.vcpu[0].context, 0x4fe00000);
	for (unsigned i = 1; i < PART_MAX_VCPUS; i++) {
		assert_int_equal(s.vcpu[i].power, VCPU_OFF);
		assert_int_equal(s.vcpu[i].entry, 0);
		assert_int_equal(s.vcpu[i].context, 0);
	}

	/* A reset after a run: everything but vCPU 0 goes off again. */
	s.vcpu[0].power = VCPU_ON;
	s.vcpu[1].power = VCPU_ON;
	s.vcpu[2].power = VCPU_ON_PENDING;
	psci_state_reset(&s, 3, 0x40280000, 0x47e00000);
	assert_int_equal(s.vcpu[0].power, VCPU_ON_PENDING);
	assert_int_equal(s.vcpu[0].entry, 0x40280000);
	assert_int_equal(s.vcpu[0].context, 0x47e00000);
	assert_int_equal(s.vcpu[1].power, VCPU_OFF);
	assert_int_equal(s.vcpu[2].power, VCPU_OFF);

	/* More vCPUs than the state holds: clamped to PART_MAX_VCPUS (8). */
	psci_state_reset(&s, 100, 0, 0);
	assert_int_equal(s.n_vcpus, 8);
	assert_int_equal(psci_target_vcpu(&s, 7), 7);
	assert_int_equal(psci_target_vcpu(&s, 8), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_function_ids),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_features_supported),
		cmocka_unit_test(test_features_unsupported),
		cmocka_unit_test(test_cpu_on_success),
		cmocka_unit_test(test_cpu_on_without_entry_check),
		cmocka_unit_test(test_cpu_on_already_on),
		cmocka_unit_test(test_cpu_on_pending),
		cmocka_unit_test(test_cpu_on_invalid_parameters),
		cmocka_unit_test(test_cpu_on_invalid_address),
		cmocka_unit_test(test_cpu_on_smc32_truncates),
		cmocka_unit_test(test_cpu_off),
		cmocka_unit_test(test_cpu_off_denied_for_unknown_caller),
		cmocka_unit_test(test_affinity_info_states),
		cmocka_unit_test(test_affinity_info_levels),
		cmocka_unit_test(test_migrate_info_type),
		cmocka_unit_test(test_cpu_suspend),
		cmocka_unit_test(test_system_off_and_reset),
		cmocka_unit_test(test_unknown_fid),
		cmocka_unit_test(test_is_psci_fid),
		cmocka_unit_test(test_target_vcpu),
		cmocka_unit_test(test_state_reset),
	};

	return cmocka_run_group_tests_name("psci_emul", tests, NULL, NULL);
}
