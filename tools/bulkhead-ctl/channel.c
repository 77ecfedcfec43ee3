/* `bulkhead channels` and `bulkhead channel NAME send|recv|read|ring|wait` (docs/guest-abi.md,
 * "Channels"). The channel's memory is mapped through /dev/mem at the IPA the `channels` call
 * reports: the guest DT's "bulkhead,channel" node binds no driver, so CONFIG_IO_STRICT_DEVMEM
 * lets it be mapped, uncached (O_SYNC, not RAM to Linux). Every access is an aligned 32-bit
 * load or store: the mapping is Device memory, where unaligned accesses fault. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "channel_msg.h"

#define MSG_MAX 4096
#define WAIT_S 120

struct chan {
	char name[40];
	uint64_t size, ipa, rings;
	int read_only;
};

void print_channels(const char *text)
{
	const char *line = text;

	printf("%-16s %8s %12s %-10s %8s %6s %s\n", "NAME", "SIZE", "IPA", "ACCESS", "DOORBELL", "RINGS", "PEERS");
	while (*line) {
		char name[40], size[24], ipa[24], access[16], db[12], rings[24], peers[512];
		const char *nl = strchr(line, '\n');

		printf("%-16s %8s %12s %-10s %8s %6s %s\n", field(line, "name", name, sizeof(name)),
		       field(line, "size", size, sizeof(size)), field(line, "ipa", ipa, sizeof(ipa)),
		       field(line, "access", access, sizeof(access)), field(line, "doorbell", db, sizeof(db)),
		       field(line, "rings", rings, sizeof(rings)), field(line, "peers", peers, sizeof(peers)));
		line = nl ? nl + 1 : line + strlen(line);
	}
}

/* The channel called `name` in this partition's listing; 0, or 1 after saying why not. */
static int find(const char *name, struct chan *c)
{
	static char out[MSG_MAX + 1];
	const char *line = out;
	int status = call(OP_CHANNELS, NULL, out);

	if (status) {
		fprintf(stderr, "bulkhead: channels: error %d\n", status);
		return 1;
	}
	while (*line) {
		char buf[40];
		const char *nl = strchr(line, '\n');

		if (strcmp(field(line, "name", buf, sizeof(buf)), name) == 0) {
			char num[24];

			snprintf(c->name, sizeof(c->name), "%s", name);
			c->size = strtoull(field(line, "size", num, sizeof(num)), NULL, 0);
			c->ipa = strtoull(field(line, "ipa", num, sizeof(num)), NULL, 0);
			c->rings = strtoull(field(line, "rings", num, sizeof(num)), NULL, 0);
			c->read_only = strcmp(field(line, "access", buf, sizeof(buf)), "read-only") == 0;
			return 0;
		}
		line = nl ? nl + 1 : line + strlen(line);
	}
	fprintf(stderr, "bulkhead: this partition maps no channel '%s'\n", name);
	return 1;
}

static volatile uint32_t *map_channel(const struct chan *c, int write)
{
	int fd = open("/dev/mem", (write ? O_RDWR : O_RDONLY) | O_SYNC);
	void *m;

	if (fd < 0) {
		perror("bulkhead: /dev/mem");
		return NULL;
	}
	m = mmap(NULL, c->size, PROT_READ | (write ? PROT_WRITE : 0), MAP_SHARED, fd, (off_t)c->ipa);
	close(fd);
	if (m == MAP_FAILED) {
		fprintf(stderr, "bulkhead: mapping channel '%s' at 0x%llx: %s\n", c->name, (unsigned long long)c->ipa,
			strerror(errno));
		return NULL;
	}
	return m;
}

static void print_text_json(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static int send_msg(const struct chan *c, uint64_t at, const char *text, int json)
{
	size_t n = strlen(text);
	volatile uint32_t *m;

	if (c->read_only) {
		fprintf(stderr, "bulkhead: channel '%s' is read-only here\n", c->name);
		return 1;
	}
	if (n > MSG_MAX || at + 4 + n > c->size) {
		fprintf(stderr, "bulkhead: %zu bytes at offset 0x%llx do not fit channel '%s' (0x%llx bytes)\n", n,
			(unsigned long long)at, c->name, (unsigned long long)c->size);
		return 2;
	}
	m = map_channel(c, 1);
	if (!m)
		return 2;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t w = 0;

		for (size_t k = 0; k < 4 && i + k < n; k++)
			w |= (uint32_t)(unsigned char)text[i + k] << (8 * k);
		m[(at + 4 + i) / 4] = w;
	}
	__sync_synchronize();
	m[at / 4] = (uint32_t)n; /* the length last: a reader that sees it sees the bytes */
	__sync_synchronize();
	munmap((void *)m, c->size);
	if (call(OP_RING, c->name, (char[MSG_MAX + 1]){ 0 }) != 0) {
		fprintf(stderr, "bulkhead: ring %s refused\n", c->name);
		return 1;
	}
	if (json)
		printf("{\"channel\": \"%s\", \"offset\": %llu, \"bytes\": %zu, \"rang\": true}\n", c->name,
		       (unsigned long long)at, n);
	else
		printf("bulkhead: channel %s: sent %zu bytes at offset 0x%llx, doorbell rung\n", c->name, n,
		       (unsigned long long)at);
	return 0;
}

static int read_msg(const struct chan *c, uint64_t at, int json)
{
	static char text[MSG_MAX + 1];
	volatile uint32_t *m = map_channel(c, 0);
	uint32_t n;

	if (!m)
		return 2;
	n = m[at / 4];
	if (n > MSG_MAX || at + 4 + n > c->size) {
		fprintf(stderr, "bulkhead: channel %s: no message at offset 0x%llx (length %u)\n", c->name,
			(unsigned long long)at, n);
		munmap((void *)m, c->size);
		return 1;
	}
	for (uint32_t i = 0; i < n; i += 4) {
		uint32_t w = m[(at + 4 + i) / 4];

		for (uint32_t k = 0; k < 4 && i + k < n; k++)
			text[i + k] = (char)(w >> (8 * k));
	}
	text[n] = '\0';
	munmap((void *)m, c->size);
	if (json) {
		printf("{\"channel\": \"%s\", \"offset\": %llu, \"rings\": %llu, \"text\": ", c->name,
		       (unsigned long long)at, (unsigned long long)c->rings);
		print_text_json(text, n);
		printf("}\n");
	} else {
		printf("%s\n", text);
	}
	return 0;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000L + (now.tv_nsec - t0->tv_nsec) / 1000000L;
}

/* Wait until this partition has received `count` doorbells on the channel (the count bulkhead
 * keeps). The GPIO line's edges are armed before the count is first read and every edge wakes a
 * re-read, so a ring in between is never missed. Without the line (a kernel without gpio-pl061
 * or the GPIO character device) the count is polled instead. */
static int wait_rings(const char *name, uint64_t count, struct chan *c, int timeout_s)
{
	struct timespec t0, nap = { 0, 10 * 1000 * 1000 };
	struct doorbell db;
	int gpio = doorbell_open(name, &db) == 0, st = 1;

	if (!gpio)
		fprintf(stderr, "bulkhead: channel %s: no GPIO line of that name: polling the doorbell count\n", name);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		long left = timeout_s * 1000L - ms_since(&t0);

		if (find(name, c)) {
			st = 2;
			break;
		}
		if (c->rings >= count) {
			st = 0;
			break;
		}
		if (left <= 0) {
			fprintf(stderr, "bulkhead: channel %s: %llu doorbells after %d s, waited for %llu\n", name,
				(unsigned long long)c->rings, timeout_s, (unsigned long long)count);
			break;
		}
		if (!gpio)
			nanosleep(&nap, NULL);
		else if (doorbell_wait(&db, (int)left) < 0) {
			perror("bulkhead: waiting for the doorbell line");
			st = 2;
			break;
		}
	}
	doorbell_close(&db);
	return st;
}

/* `wait`: block until the next doorbell on the channel's GPIO line (timeout_s < 0: forever). */
static int wait_doorbell(const char *name, int timeout_s, int json)
{
	struct doorbell db;
	int r;

	if (doorbell_open(name, &db)) {
		fprintf(stderr,
			"bulkhead: channel %s: no GPIO line of that name (needs the gpio-pl061 driver and "
			"/dev/gpiochip*)\n",
			name);
		return 2;
	}
	if (!json) {
		printf("bulkhead: channel %s: waiting on gpiochip%u line %u\n", name, db.chip, db.line);
		fflush(stdout);
	}
	r = doorbell_wait(&db, timeout_s < 0 ? -1 : timeout_s * 1000);
	doorbell_close(&db);
	if (r < 0) {
		perror("bulkhead: waiting for the doorbell line");
		return 2;
	}
	if (r > 0) {
		fprintf(stderr, "bulkhead: channel %s: no doorbell within %d s\n", name, timeout_s);
		return 1;
	}
	if (json)
		printf("{\"channel\": \"%s\", \"doorbell\": true, \"chip\": \"gpiochip%u\", \"line\": %u}\n", name,
		       db.chip, db.line);
	else
		printf("bulkhead: channel %s: doorbell on gpiochip%u line %u\n", name, db.chip, db.line);
	return 0;
}

int channel_command(int argc, char **argv, int json)
{
	uint64_t at = 0, count = 1;
	int timeout_s = -1;
	const char *name, *verb, *text = NULL;
	struct chan c;
	int st;

	if (argc < 2)
		goto usage;
	name = argv[0];
	verb = argv[1];
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--at") == 0 && i + 1 < argc)
			at = strtoull(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
			count = strtoull(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
			timeout_s = atoi(argv[++i]);
		else if (!text && argv[i][0] != '-')
			text = argv[i];
		else
			goto usage;
	}
	if (at & 3) {
		fprintf(stderr, "bulkhead: --at must be a multiple of 4\n");
		return 2;
	}
	if (strcmp(verb, "ring") == 0 && !text) {
		st = call(OP_RING, name, (char[MSG_MAX + 1]){ 0 });
		if (st)
			fprintf(stderr, "bulkhead: ring %s: error %d\n", name, st);
		else
			printf(json ? "{\"result\": \"ok\"}\n" : "bulkhead: channel %s: doorbell rung\n", name);
		return st ? 1 : 0;
	}
	if (strcmp(verb, "send") == 0 && text)
		return find(name, &c) ? 1 : send_msg(&c, at, text, json);
	if (strcmp(verb, "read") == 0 && !text)
		return find(name, &c) ? 1 : read_msg(&c, at, json);
	if (strcmp(verb, "recv") == 0 && !text) {
		st = wait_rings(name, count, &c, timeout_s < 0 ? WAIT_S : timeout_s);
		return st ? st : read_msg(&c, at, json);
	}
	if (strcmp(verb, "wait") == 0 && !text)
		return wait_doorbell(name, timeout_s, json);
usage:
	fprintf(stderr, "usage: bulkhead [--json] channel NAME send [--at OFFSET] TEXT | recv [--at OFFSET] [--count "
			"N] [--timeout S] | read [--at OFFSET] | ring | wait [--timeout S]\n");
	return 2;
}
