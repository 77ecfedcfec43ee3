/* bulkhead: manage partitions from a partition's Linux user space (docs/guest-abi.md,
 * "Management"). HVC is undefined at EL0, so the calls go through the management window, an
 * emulated device page that the partition's /hypervisor node describes, mapped with /dev/mem.
 *
 *   bulkhead [--json] list | groups | stats NAME | stop NAME | start NAME | restart NAME | channels
 *   bulkhead [--json] channel NAME send [--at OFFSET] TEXT | recv [--at OFFSET] [--count N]
 *            [--timeout S] | read [--at OFFSET] | ring | wait [--timeout S]
 *
 * Channels (docs/guest-abi.md, "Channels"): the memory is mapped through /dev/mem at the IPA the
 * `channels` call gives; a message is a 32-bit little-endian length and that many bytes at
 * OFFSET (channel_msg.c). `send` writes one and rings the channel; `recv` waits until this
 * partition has received at least N doorbells on it (default 1) and prints the message; `wait`
 * blocks until the next doorbell. Both sleep on the channel's line of the doorbell GPIO
 * controller (doorbell_gpio.c) rather than poll.
 *
 * A static arm64 Linux binary (Makefile: tools/bulkhead-ctl), put into every Linux partition's
 * initramfs. Exit status 0 on success, 1 when bulkhead refuses the call, 2 on a usage or
 * environment error. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define WINDOW_DEFAULT 0x09f00000u
#define WINDOW_SIZE 0x2000u
#define REG_MAGIC 0x000
#define REG_COMMAND 0x008
#define REG_STATUS 0x00c
#define REG_LENGTH 0x010
#define REG_NAME 0x020
#define REG_DATA 0x1000
#define DATA_SIZE 0x1000
#define MAGIC 0x424b4844u
#define NAME_MAX_LEN 31

#include "channel_msg.h"

static const char *const ops[] = { NULL, "list", "groups", "stats", "stop", "start", "restart", "channels", "ring" };
static const char *const errors[] = {
	"ok",          "no such operation", "invalid",        "denied", "no such partition",
	"wrong state", "result too long",   "no such channel"
};

/* Single 32-bit loads and stores: the window traps each access, and only a plain LDR/STR of a
 * register carries the syndrome bulkhead emulates (no load pairs, no write-back). */
static uint32_t rd(volatile uint8_t *w, unsigned off)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(w + off) : "memory");
	return v;
}

static void wr(volatile uint8_t *w, unsigned off, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(w + off) : "memory");
}

static uint32_t be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* The window's address from /proc/device-tree/hypervisor (compatible "bulkhead,hypervisor",
 * reg in <2 2> cells); the documented default when the node cannot be read. */
static uint64_t window_address(void)
{
	unsigned char reg[16];
	char compat[64] = "";
	FILE *f = fopen("/proc/device-tree/hypervisor/compatible", "r");

	if (f) {
		size_t n = fread(compat, 1, sizeof(compat) - 1, f);

		compat[n] = '\0';
		fclose(f);
	}
	if (strcmp(compat, "bulkhead,hypervisor") != 0) {
		fprintf(stderr, "bulkhead: no /hypervisor node compatible with bulkhead,hypervisor: not running on "
				"bulkhead?\n");
		exit(2);
	}
	f = fopen("/proc/device-tree/hypervisor/reg", "r");
	if (!f)
		return WINDOW_DEFAULT;
	if (fread(reg, 1, sizeof(reg), f) != sizeof(reg)) {
		fclose(f);
		return WINDOW_DEFAULT;
	}
	fclose(f);
	return (uint64_t)be32(reg) << 32 | be32(reg + 4);
}

/* One call: the result text into out (NUL-terminated); returns bulkhead's status. */
int call(int op, const char *name, char *out)
{
	uint64_t base = window_address();
	int fd = open("/dev/mem", O_RDWR | O_SYNC);
	volatile uint8_t *w;
	unsigned char nb[32] = { 0 };
	int status;
	uint32_t len;

	if (fd < 0) {
		perror("bulkhead: /dev/mem");
		exit(2);
	}
	w = mmap(NULL, WINDOW_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)base);
	if (w == MAP_FAILED) {
		perror("bulkhead: mapping the management window");
		exit(2);
	}
	if (rd(w, REG_MAGIC) != MAGIC) {
		fprintf(stderr, "bulkhead: no management window at 0x%llx\n", (unsigned long long)base);
		exit(2);
	}
	if (name)
		memcpy(nb, name, strlen(name));
	for (unsigned i = 0; i < sizeof(nb); i += 4)
		wr(w, REG_NAME + i,
		   (uint32_t)nb[i] | (uint32_t)nb[i + 1] << 8 | (uint32_t)nb[i + 2] << 16 | (uint32_t)nb[i + 3] << 24);
	wr(w, REG_COMMAND, (uint32_t)op);
	status = (int32_t)rd(w, REG_STATUS);
	len = rd(w, REG_LENGTH);
	if (len > DATA_SIZE)
		len = DATA_SIZE;
	for (uint32_t i = 0; i < len; i += 4) {
		uint32_t v = rd(w, REG_DATA + i);

		for (uint32_t k = 0; k < 4 && i + k < len; k++)
			out[i + k] = (char)(v >> (8 * k));
	}
	out[len] = '\0';
	munmap((void *)w, WINDOW_SIZE);
	close(fd);
	return status;
}

/* The value of `key` in a line of "key=value" fields, copied into buf. */
const char *field(const char *line, const char *key, char *buf, size_t size)
{
	size_t kl = strlen(key);
	const char *p = line;

	buf[0] = '\0';
	while ((p = strstr(p, key)) != NULL) {
		if ((p == line || p[-1] == ' ') && p[kl] == '=') {
			size_t n = strcspn(p + kl + 1, " \n");

			if (n >= size)
				n = size - 1;
			memcpy(buf, p + kl + 1, n);
			buf[n] = '\0';
			return buf;
		}
		p += kl;
	}
	return buf;
}

static int is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* One record line as a JSON object: numbers as numbers, `members` as a list. */
static void json_object(const char *line)
{
	const char *p = strchr(line, ' ');
	int first = 1;

	printf("{");
	while (p && *p == ' ') {
		char key[64], val[2048];
		size_t kl = strcspn(p + 1, "="), vl;

		if (kl >= sizeof(key) || p[1 + kl] != '=')
			break;
		memcpy(key, p + 1, kl);
		key[kl] = '\0';
		vl = strcspn(p + 2 + kl, " \n");
		if (vl >= sizeof(val))
			vl = sizeof(val) - 1;
		memcpy(val, p + 2 + kl, vl);
		val[vl] = '\0';
		printf("%s\"%s\": ", first ? "" : ", ", key);
		first = 0;
		if (strcmp(key, "members") == 0 || strcmp(key, "peers") == 0) {
			char *save = NULL, *m;
			int f2 = 1;

			printf("[");
			for (m = strtok_r(val, ",", &save); m; m = strtok_r(NULL, ",", &save), f2 = 0)
				printf("%s\"%s\"", f2 ? "" : ", ", m);
			printf("]");
		} else if (is_number(val)) {
			printf("%s", val);
		} else {
			printf("\"%s\"", val);
		}
		p += 2 + kl + vl;
	}
	printf("}");
}

static void print_json(const char *text, int as_list)
{
	const char *line = text;
	int first = 1;

	if (as_list)
		printf("[");
	while (*line) {
		const char *nl = strchr(line, '\n');

		if (!first)
			printf(",");
		printf(as_list ? "\n  " : "");
		json_object(line);
		first = 0;
		line = nl ? nl + 1 : line + strlen(line);
	}
	printf(as_list ? "\n]\n" : "\n");
}

static void print_list(const char *text)
{
	const char *line = text;

	printf("%-16s %-10s %4s %10s %5s %s\n", "NAME", "STATE", "CPUS", "MEMORY", "BOOTS", "LAST-STOP");
	while (*line) {
		char name[40], state[16], cpus[8], mem[24], boots[12], last[24], host[4], memtxt[24];
		const char *nl = strchr(line, '\n');

		field(line, "name", name, sizeof(name));
		field(line, "memory", mem, sizeof(mem));
		snprintf(memtxt, sizeof(memtxt), "%llu MiB", strtoull(mem, NULL, 10) >> 20);
		printf("%-16s %-10s %4s %10s %5s %s%s\n", name, field(line, "state", state, sizeof(state)),
		       field(line, "cpus", cpus, sizeof(cpus)), memtxt, field(line, "boots", boots, sizeof(boots)),
		       field(line, "last-stop", last, sizeof(last)),
		       strcmp(field(line, "host", host, sizeof(host)), "1") == 0 ? " (host)" : "");
		line = nl ? nl + 1 : line + strlen(line);
	}
}

static void print_groups(const char *text)
{
	const char *line = text;

	printf("%-6s %-16s %s\n", "GROUP", "OWNER", "MEMBERS");
	while (*line) {
		char id[12], owner[40], members[2048];
		const char *nl = strchr(line, '\n');

		printf("%-6s %-16s %s\n", field(line, "id", id, sizeof(id)), field(line, "owner", owner, sizeof(owner)),
		       field(line, "members", members, sizeof(members)));
		line = nl ? nl + 1 : line + strlen(line);
	}
}

/* "stats name=N total=T k=v ..." as one "key value" pair a line. */
static void print_stats(const char *text)
{
	const char *p = strchr(text, ' ');

	while (p && *p == ' ') {
		size_t n = strcspn(p + 1, " \n");
		const char *eq = memchr(p + 1, '=', n);

		if (eq)
			printf("%-16.*s %.*s\n", (int)(eq - p - 1), p + 1, (int)(n - (size_t)(eq - p)), eq + 1);
		p += 1 + n;
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: bulkhead [--json] list | groups | stats NAME | stop NAME | start NAME | restart "
			"NAME | channels\n"
			"       bulkhead [--json] channel NAME send [--at OFFSET] TEXT | recv [--at OFFSET] [--count "
			"N] "
			"[--timeout S] | read [--at OFFSET] | ring | wait [--timeout S]\n");
	return 2;
}

static const char *error_name(int status)
{
	return status < 0 && status >= -7 ? errors[-status] : "unknown error";
}

int main(int argc, char **argv)
{
	static char out[DATA_SIZE + 1];
	int json = 0, op = 0, status;
	const char *name = NULL;

	argv++, argc--;
	if (argc && strcmp(argv[0], "--json") == 0)
		json = 1, argv++, argc--;
	if (argc < 1)
		return usage();
	if (strcmp(argv[0], "channel") == 0)
		return channel_command(argc - 1, argv + 1, json);
	for (int i = 1; i <= 7; i++)
		if (strcmp(argv[0], ops[i]) == 0)
			op = i;
	if (!op || (op >= 3 && op <= 6) != (argc == 2) || argc > 2)
		return usage();
	if (argc == 2) {
		name = argv[1];
		if (strlen(name) > NAME_MAX_LEN) {
			fprintf(stderr, "bulkhead: partition name longer than %d characters\n", NAME_MAX_LEN);
			return 2;
		}
	}
	status = call(op, name, out);
	if (status != 0) {
		const char *why = error_name(status);

		if (json)
			printf("{\"error\": \"%s\", \"code\": %d}\n", why, status);
		fprintf(stderr, "bulkhead: %s%s%s: %s\n", ops[op], name ? " " : "", name ? name : "", why);
		return 1;
	}
	if (json && op >= 4 && op <= 6)
		printf("{\"result\": \"ok\"}\n");
	else if (json)
		print_json(out, op != 3);
	else if (op == 1)
		print_list(out);
	else if (op == 2)
		print_groups(out);
	else if (op == 3)
		print_stats(out);
	else if (op == 7)
		print_channels(out);
	else
		printf("bulkhead: %s %s: ok\n", ops[op], name);
	return 0;
}
