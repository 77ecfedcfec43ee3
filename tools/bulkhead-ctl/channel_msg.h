/* The `bulkhead channel` and `bulkhead channels` commands (channel.c) and what they share with
 * bulkhead.c. */
#ifndef BULKHEAD_CTL_CHANNEL_MSG_H
#define BULKHEAD_CTL_CHANNEL_MSG_H

#include <stddef.h>

/* One management call (bulkhead.c): the result text into out (at least 4097 bytes,
 * NUL-terminated); returns bulkhead's status (0 or a negative MGMT_ERR_*). */
int call(int op, const char *name, char *out);
/* The value of `key` in a line of "key=value" fields, copied into buf. */
const char *field(const char *line, const char *key, char *buf, size_t size);

#define OP_CHANNELS 7
#define OP_RING 8

/* A channel's doorbell as a GPIO line (doorbell_gpio.c): /dev/gpiochip<chip>, line `line`,
 * requested for rising edges on `fd`. */
struct doorbell {
	int fd;
	unsigned chip, line;
};
/* Find the GPIO line named after channel `name` and request its edges: 0, or -1 (no such line:
 * no gpio-pl061 driver or GPIO character device, or not a channel of this partition). Edges
 * from then on are kept until read, so a ring after this call is never missed. */
int doorbell_open(const char *name, struct doorbell *db);
/* Block until the next edge: 0, 1 after timeout_ms (-1: forever), -1 on an error. */
int doorbell_wait(struct doorbell *db, int timeout_ms);
void doorbell_close(struct doorbell *db);

/* `bulkhead channels`: the listing as a table. */
void print_channels(const char *text);
/* `bulkhead channel NAME ...` (argv after "channel"); returns the exit status. */
int channel_command(int argc, char **argv, int json);

#endif
