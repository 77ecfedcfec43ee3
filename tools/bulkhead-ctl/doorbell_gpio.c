/* Waiting for a channel's doorbell without polling (docs/guest-abi.md, "Channels"): bulkhead
 * pulses line K of the partition's doorbell GPIO controller (a virtual PL061, bound by Linux's
 * gpio-pl061 driver) when a peer rings channel K, and names the line after the channel. The
 * line is found by name through the GPIO character device's v2 ioctls and requested as an input
 * with rising-edge detection; read() on the request blocks until an edge. */
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "channel_msg.h"

#define MAX_CHIPS 64

/* The line called `name` on chip `fd`, requested for rising edges; the request's fd or -1. */
static int request_on_chip(int fd, const char *name, unsigned *line)
{
	struct gpiochip_info chip;

	if (ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &chip) < 0)
		return -1;
	for (unsigned i = 0; i < chip.lines; i++) {
		struct gpio_v2_line_info info;
		struct gpio_v2_line_request req;

		memset(&info, 0, sizeof(info));
		info.offset = i;
		if (ioctl(fd, GPIO_V2_GET_LINEINFO_IOCTL, &info) < 0 || strcmp(info.name, name) != 0)
			continue;
		memset(&req, 0, sizeof(req));
		req.offsets[0] = i;
		req.num_lines = 1;
		req.config.flags = GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING;
		snprintf(req.consumer, sizeof(req.consumer), "bulkhead-%s", name);
		if (ioctl(fd, GPIO_V2_GET_LINE_IOCTL, &req) < 0) {
			fprintf(stderr, "bulkhead: requesting GPIO line '%s': %s\n", name, strerror(errno));
			return -1;
		}
		*line = i;
		return req.fd;
	}
	return -1;
}

int doorbell_open(const char *name, struct doorbell *db)
{
	for (unsigned n = 0; n < MAX_CHIPS; n++) {
		char path[32];
		int fd, req;

		snprintf(path, sizeof(path), "/dev/gpiochip%u", n);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		req = request_on_chip(fd, name, &db->line);
		close(fd);
		if (req >= 0) {
			db->fd = req;
			db->chip = n;
			return 0;
		}
	}
	db->fd = -1;
	return -1;
}

int doorbell_wait(struct doorbell *db, int timeout_ms)
{
	struct pollfd p = { .fd = db->fd, .events = POLLIN };
	struct gpio_v2_line_event ev;
	int r = poll(&p, 1, timeout_ms);

	if (r < 0)
		return -1;
	if (r == 0)
		return 1;
	if (read(db->fd, &ev, sizeof(ev)) != (ssize_t)sizeof(ev))
		return -1;
	return 0;
}

void doorbell_close(struct doorbell *db)
{
	if (db->fd >= 0)
		close(db->fd);
	db->fd = -1;
}
