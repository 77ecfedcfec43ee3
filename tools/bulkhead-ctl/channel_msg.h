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

/* `bulkhead channels`: the listing as a table. */
void print_channels(const char *text);
/* `bulkhead channel NAME ...` (argv after "channel"); returns the exit status. */
int channel_command(int argc, char **argv, int json);

#endif
