/* probe: shared-memory channels (docs/guest-abi.md, "Channels"). A message in a channel is a
 * 32-bit little-endian length followed by that many bytes, at an offset the two sides agree on
 * (the `bulkhead channel` tool's format). Accesses are aligned 32-bit words: with the MMU off the
 * channel is Device memory, like Linux's /dev/mem view of it.
 *
 *   chan-write=ADDR:TEXT   write TEXT as a message at ADDR (an IPA inside a channel)
 *   chan-read=ADDR         print the message at ADDR: "probe: channel read 0xADDR: 'TEXT'"
 *   chan-zero=ADDR:SIZE    count the nonzero bytes of [ADDR, ADDR + SIZE): "probe: channel
 *                          0xADDR+0xSIZE: N nonzero bytes"
 *   nonzero=ADDR:SIZE      the same anywhere in RAM: "probe: memory 0xADDR+0xSIZE: N nonzero bytes"
 *   chan-wait=INTID        enable the doorbell SPI INTID, routed to this CPU, and poll the CPU
 *                          interface until it is acknowledged (up to 600 s): "probe: channel
 *                          doorbell INTID" (ringing is manage=ring:NAME) */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "hvc.h"
#include "probe.h"

#define MSG_MAX 200
#define WAIT_S 600
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000

static inline void wr32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)a = v;
}

static inline uint32_t rd32(uint64_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}

static bool parse_hex(const char *s, const char **end, uint64_t *v)
{
	uint64_t x = 0;
	const char *p = s;

	if (p[0] == '0' && p[1] == 'x')
		p += 2;
	for (; *p && *p != ':'; p++) {
		unsigned d = *p >= '0' && *p <= '9'   ? (unsigned)(*p - '0')
			     : *p >= 'a' && *p <= 'f' ? (unsigned)(*p - 'a' + 10)
						      : 16;

		if (d > 15)
			return false;
		x = x * 16 + d;
	}
	*v = x;
	*end = p;
	return p != s && !(x & 3);
}

void probe_chan_write(const char *arg)
{
	const char *text;
	uint64_t a;
	size_t n;

	if (!parse_hex(arg, &text, &a) || *text != ':') {
		con_printf("probe: FAIL bad chan-write=%s (ADDR:TEXT, ADDR 4-byte aligned)\n", arg);
		return;
	}
	text++;
	n = strlen(text);
	for (size_t i = 0; i < n; i += 4) {
		uint32_t w = 0;

		for (size_t k = 0; k < 4 && i + k < n; k++)
			w |= (uint32_t)(unsigned char)text[i + k] << (8 * k);
		wr32(a + 4 + i, w);
	}
	__asm__ volatile("dsb sy" : : : "memory");
	wr32(a, (uint32_t)n); /* the length last: a reader that sees it sees the bytes */
	__asm__ volatile("dsb sy" : : : "memory");
	con_printf("probe: channel write 0x%lx: '%s'\n", (unsigned long)a, text);
}

void probe_chan_read(const char *arg)
{
	char msg[MSG_MAX + 1];
	const char *end;
	uint64_t a;
	uint32_t n;

	if (!parse_hex(arg, &end, &a) || *end) {
		con_printf("probe: FAIL bad chan-read=%s (ADDR, 4-byte aligned)\n", arg);
		return;
	}
	n = rd32(a);
	if (n > MSG_MAX) {
		con_printf("probe: FAIL channel read 0x%lx: length %u\n", (unsigned long)a, n);
		return;
	}
	for (uint32_t i = 0; i < n; i += 4) {
		uint32_t w = rd32(a + 4 + i);

		for (uint32_t k = 0; k < 4 && i + k < n; k++)
			msg[i + k] = (char)(w >> (8 * k));
	}
	msg[n] = '\0';
	con_printf("probe: channel read 0x%lx: '%s'\n", (unsigned long)a, msg);
}

/* `cmd`=ADDR:SIZE[:STRIDE:N]: the nonzero bytes there (in N windows of SIZE, STRIDE apart), printed
 * as "probe: WHAT 0xADDR+0xSIZE: M nonzero bytes" ("... +0xSIZE every 0xSTRIDE xN: ..."). */
static void count_nonzero(const char *cmd, const char *what, const char *arg)
{
	const char *rest;
	uint64_t a, size, stride = 0, n = 1;
	unsigned long nonzero = 0;

	if (!parse_hex(arg, &rest, &a) || *rest != ':' || !parse_hex(rest + 1, &rest, &size) ||
	    (*rest == ':' &&
	     (!parse_hex(rest + 1, &rest, &stride) || *rest != ':' || !parse_hex(rest + 1, &rest, &n))) ||
	    *rest) {
		con_printf("probe: FAIL bad %s=%s (ADDR:SIZE[:STRIDE:N], 4-byte aligned)\n", cmd, arg);
		return;
	}
	for (uint64_t i = 0; i < n; i++)
		for (uint64_t off = 0; off < size; off += 4) {
			uint32_t w = rd32(a + i * stride + off);

			for (unsigned k = 0; k < 4; k++)
				nonzero += ((w >> (8 * k)) & 0xff) != 0;
		}
	if (n == 1)
		con_printf("probe: %s 0x%lx+0x%lx: %lu nonzero bytes\n", what, (unsigned long)a, (unsigned long)size,
			   nonzero);
	else
		con_printf("probe: %s 0x%lx+0x%lx every 0x%lx x%lu: %lu nonzero bytes\n", what, (unsigned long)a,
			   (unsigned long)size, (unsigned long)stride, (unsigned long)n, nonzero);
}

void probe_chan_zero(const char *arg)
{
	count_nonzero("chan-zero", "channel", arg);
}

void probe_nonzero(const char *arg)
{
	count_nonzero("nonzero", "memory", arg);
}

static uint64_t now(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

void probe_chan_wait(const char *arg)
{
	uint64_t intid = 0, self = rt_read_mpidr(), start, limit;
	uint32_t bit;

	for (const char *p = arg; *p; p++)
		intid = *p >= '0' && *p <= '9' ? intid * 10 + (uint64_t)(*p - '0') : 0;
	if (intid < 32 || intid > 1019) {
		con_printf("probe: FAIL bad chan-wait=%s (an SPI INTID)\n", arg);
		return;
	}
	if (!probe_gic_init())
		return;
	bit = 1u << (intid % 32);
	wr32(probe_gicd + GICD_IGROUPR + 4 * (intid / 32), rd32(probe_gicd + GICD_IGROUPR + 4 * (intid / 32)) | bit);
	*(volatile uint8_t *)(uintptr_t)(probe_gicd + GICD_IPRIORITYR + intid) = 0x80;
	*(volatile uint64_t *)(uintptr_t)(probe_gicd + GICD_IROUTER + 8 * intid) = (self & 0xffffff) |
										   ((self >> 32) & 0xff) << 32;
	wr32(probe_gicd + GICD_ISENABLER + 4 * (intid / 32), bit);
	con_printf("probe: channel waiting for doorbell %lu\n", (unsigned long)intid);
	start = now();
	limit = (uint64_t)WAIT_S * rt_counter_hz();
	while (now() - start < limit) {
		uint64_t iar;

		/* PSTATE.I stays set: the interrupt is taken by reading the CPU interface, not by a
		 * vector. */
		__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(iar) : : "memory"); /* ICC_IAR1_EL1 */
		iar &= 0xffffff;
		if (iar >= 1020 && iar <= 1023)
			continue;
		__asm__ volatile("msr S3_0_C12_C12_1, %0; isb" : : "r"(iar) : "memory"); /* ICC_EOIR1_EL1 */
		if (iar == intid) {
			con_printf("probe: channel doorbell %lu\n", (unsigned long)intid);
			return;
		}
		con_printf("probe: channel: interrupt %lu while waiting\n", (unsigned long)iar);
	}
	con_printf("probe: FAIL channel doorbell %lu did not come within %u s\n", (unsigned long)intid, WAIT_S);
}
