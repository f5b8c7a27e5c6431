#include "firmware/services/printer.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/lp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

struct printer {
	enum printer_kind kind;
	char path[PRINTER_SPEC_MAX];
};

int printer_new(const char *spec, printer_t **out)
{
	enum printer_kind kind;
	const char *path = "";
	if (!spec || !spec[0] || strlen(spec) >= PRINTER_SPEC_MAX)
		return -EINVAL;
	if (!strcmp(spec, "none")) {
		kind = PRINTER_NONE;
	} else if (!strncmp(spec, "file:", 5)) {
		kind = PRINTER_FILE;
		path = spec + 5;
		if (!path[0])
			return -EINVAL;
	} else if (spec[0] == '/') {
		kind = PRINTER_DEVICE;
		path = spec;
	} else {
		return -EINVAL;
	}
	printer_t *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->kind = kind;
	memcpy(p->path, path, strlen(path) + 1);
	*out = p;
	return 0;
}

void printer_free(printer_t *p)
{
	free(p);
}

enum printer_kind printer_kind(const printer_t *p)
{
	return p->kind;
}

const char *printer_path(const printer_t *p)
{
	return p->path;
}

/* A device that is not there, however the driver says it. */
static int open_error(int e)
{
	return (e == ENOENT || e == ENXIO || e == ENODEV) ? -ENODEV : -e;
}

static int open_printer(const printer_t *p)
{
	int fd;
	if (p->kind == PRINTER_NONE)
		return -ENODEV;
	if (p->kind == PRINTER_FILE)
		fd = open(p->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	else
		fd = open(p->path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	return fd < 0 ? open_error(errno) : fd;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Writes everything before the deadline: the descriptor never blocks, poll() waits for room. */
static int write_bounded(int fd, const uint8_t *b, size_t len, uint64_t deadline)
{
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, b + done, len - done);
		if (w > 0) {
			done += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return open_error(errno);
		uint64_t now = mono_ms();
		if (now >= deadline)
			return -ETIMEDOUT;
		struct pollfd pfd = {.fd = fd, .events = POLLOUT};
		int r = poll(&pfd, 1, (int)(deadline - now));
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r > 0 && (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)))
			return -EIO;
	}
	return 0;
}

int printer_print(printer_t *p, const uint8_t *bytes, size_t len)
{
	if (len == 0 || len > PRINTER_DOC_MAX || !bytes)
		return -EMSGSIZE;
	uint64_t deadline = mono_ms() + PRINTER_WRITE_BUDGET_MS;
	int fd = open_printer(p);
	if (fd < 0)
		return fd;
	int rc = write_bounded(fd, bytes, len, deadline);
	/* close() of a device can report a write error that came late. */
	if (close(fd) < 0 && rc == 0 && errno != EINTR)
		rc = open_error(errno);
	return rc;
}

int printer_status(printer_t *p)
{
	int fd = open_printer(p);
	if (fd < 0)
		return fd;
	int rc = 0, st = 0;
	if (p->kind == PRINTER_DEVICE && ioctl(fd, LPGETSTATUS, &st) == 0) {
		/* LP_PERRORP and LP_PSELECD are active low and high as the port reads them. */
		if (st & LP_POUTPA)
			rc = -ENOSPC;
		else if (!(st & LP_PERRORP) || !(st & LP_PSELECD))
			rc = -EIO;
	}
	close(fd);
	return rc;
}

const char *printer_error(int rc)
{
	switch (rc) {
	case 0:
		return "ready";
	case -ENODEV:
		return "no printer: none configured, or the device is missing or unplugged";
	case -EACCES:
		return "no permission to write to the printer (check the device's group)";
	case -EBUSY:
		return "the printer is held by another program";
	case -ENOSPC:
		return "paper out (or the file's disk is full)";
	case -EIO:
		return "the printer is off line or in error";
	case -ETIMEDOUT:
		return "the printer stopped taking data: jammed or stalled, partial print";
	case -EMSGSIZE:
		return "document empty or too large";
	default:
		return "the printer could not be written";
	}
}
