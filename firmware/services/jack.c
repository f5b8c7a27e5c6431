#include "firmware/services/jack.h"

#include <errno.h>
#include <fcntl.h>
#include <gpiod.h>
#include <linux/gpio.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

enum jack_backend { JACK_FILE, JACK_EVDEV, JACK_GPIO, JACK_GPIO_EVENTS };

struct jack {
	enum jack_backend kind;
	char path[512]; /* the value file, event node, recorded events, or the GPIO chip */
	unsigned line;  /* JACK_GPIO: the line's offset on the chip */
	bool active_low;
	int fd; /* event backends: open descriptor, -1 when not open */
	struct gpiod_chip *chip;
	struct gpiod_line *gline;
	bool have; /* event backends: `level` holds a reading */
	bool level;
	bool known, plugged;
	bool failing; /* the last read failed: say so only once */
	uint64_t next;
};

static int copy_path(jack_t *j, const char *s, size_t n)
{
	if (n == 0 || n >= sizeof(j->path))
		return -EINVAL;
	memcpy(j->path, s, n);
	j->path[n] = '\0';
	return 0;
}

/* "PATH[:active-low]" */
static int parse_events_path(jack_t *j, const char *s)
{
	const char *suffix = ":active-low";
	size_t n = strlen(s), k = strlen(suffix);
	if (n > k && strcmp(s + n - k, suffix) == 0) {
		j->active_low = true;
		n -= k;
	}
	return copy_path(j, s, n);
}

/* "CHIP:LINE[:active-low]" */
static int parse_gpio(jack_t *j, const char *s)
{
	const char *colon = strchr(s, ':');
	char *end;
	if (!colon || copy_path(j, s, (size_t)(colon - s)) < 0)
		return -EINVAL;
	errno = 0;
	long line = strtol(colon + 1, &end, 10);
	if (errno || end == colon + 1 || line < 0 || line > 1023)
		return -EINVAL;
	if (*end == '\0')
		j->active_low = false;
	else if (strcmp(end, ":active-low") == 0)
		j->active_low = true;
	else
		return -EINVAL;
	j->line = (unsigned)line;
	return 0;
}

int jack_new(const char *spec, jack_t **out)
{
	int rc = 0;
	*out = NULL;
	if (!spec || !spec[0])
		return -EINVAL;
	if (strcmp(spec, "key") == 0)
		return 0;
	jack_t *j = calloc(1, sizeof(*j));
	if (!j)
		return -ENOMEM;
	j->fd = -1;
	if (strncmp(spec, "evdev:", 6) == 0) {
		j->kind = JACK_EVDEV;
		rc = copy_path(j, spec + 6, strlen(spec + 6));
	} else if (strncmp(spec, "gpio-events:", 12) == 0) {
		j->kind = JACK_GPIO_EVENTS;
		rc = parse_events_path(j, spec + 12);
	} else if (strncmp(spec, "gpio:", 5) == 0) {
		j->kind = JACK_GPIO;
		rc = parse_gpio(j, spec + 5);
	} else if (spec[0] == '/' || spec[0] == '!' || spec[0] == '.') {
		j->kind = JACK_FILE;
		j->active_low = spec[0] == '!';
		rc = copy_path(j, spec + j->active_low, strlen(spec + j->active_low));
	} else {
		rc = -EINVAL; /* an unknown scheme: never guess */
	}
	if (rc < 0) {
		free(j);
		return rc;
	}
	*out = j;
	return 0;
}

static void close_device(jack_t *j)
{
	if (j->gline)
		gpiod_line_release(j->gline);
	if (j->chip)
		gpiod_chip_close(j->chip);
	else if (j->fd >= 0)
		close(j->fd);
	j->gline = NULL;
	j->chip = NULL;
	j->fd = -1;
}

void jack_free(jack_t *j)
{
	if (!j)
		return;
	close_device(j);
	free(j);
}

uint64_t jack_next_poll(const jack_t *j)
{
	return j ? j->next : UINT64_MAX;
}

const char *jack_kind(const jack_t *j)
{
	static const char *const names[] = {"file", "evdev", "gpio", "gpio-events"};
	return j ? names[j->kind] : "key";
}

/* The sysfs value file: "1" or "0". Returns 0 and *level, or -EIO. */
static int read_value_file(jack_t *j, bool *level)
{
	char buf[8] = "";
	FILE *f = fopen(j->path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	if (n == 0 || (buf[0] != '0' && buf[0] != '1'))
		return -EIO;
	*level = buf[0] == '1';
	return 0;
}

/* Opens the event source and takes the current level where the device can tell it. */
static int open_device(jack_t *j)
{
	if (j->kind == JACK_GPIO) {
		j->chip = gpiod_chip_open_lookup(j->path);
		j->gline = j->chip ? gpiod_chip_get_line(j->chip, j->line) : NULL;
		if (!j->gline ||
		    gpiod_line_request_both_edges_events(j->gline, "accueil-jack") < 0) {
			close_device(j);
			return -EIO;
		}
		int v = gpiod_line_get_value(j->gline);
		j->fd = gpiod_line_event_get_fd(j->gline);
		if (v < 0 || j->fd < 0) {
			close_device(j);
			return -EIO;
		}
		j->level = v == 1;
		j->have = true;
		return 0;
	}
	j->fd = open(j->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (j->fd < 0)
		return -EIO;
	if (j->kind == JACK_EVDEV) {
		unsigned long sw[SW_MAX / (8 * sizeof(unsigned long)) + 1];
		memset(sw, 0, sizeof(sw));
		/* A recorded file has no switch state to ask (ENOTTY): its events tell. */
		if (ioctl(j->fd, EVIOCGSW(sizeof(sw)), sw) >= 0) {
			j->level = (sw[SW_HEADPHONE_INSERT / (8 * sizeof(unsigned long))] >>
			            (SW_HEADPHONE_INSERT % (8 * sizeof(unsigned long)))) &
			           1;
			j->have = true;
		}
	}
	return 0;
}

/* Drains what the device has now; the last switch or edge event wins. Returns 0 or -EIO. */
static int drain_events(jack_t *j)
{
	for (int i = 0; i < 4096; i++) {
		if (j->kind == JACK_EVDEV) {
			struct input_event ev;
			ssize_t n = read(j->fd, &ev, sizeof(ev));
			if (n == (ssize_t)sizeof(ev)) {
				if (ev.type == EV_SW && ev.code == SW_HEADPHONE_INSERT) {
					j->level = ev.value != 0;
					j->have = true;
				}
				continue;
			}
			if (n == 0 || (n < 0 && errno == EAGAIN))
				return 0;
			return -EIO; /* unplugged device (ENODEV) or a torn record */
		}
		struct gpioevent_data ev;
		ssize_t n = read(j->fd, &ev, sizeof(ev));
		if (n == (ssize_t)sizeof(ev)) {
			if (ev.id == GPIOEVENT_EVENT_RISING_EDGE ||
			    ev.id == GPIOEVENT_EVENT_FALLING_EDGE) {
				j->level = ev.id == GPIOEVENT_EVENT_RISING_EDGE;
				j->have = true;
			}
			continue;
		}
		if (n == 0 || (n < 0 && errno == EAGAIN))
			return 0;
		return -EIO;
	}
	return 0;
}

static int read_level(jack_t *j, bool *level)
{
	if (j->kind == JACK_FILE)
		return read_value_file(j, level);
	if (j->fd < 0 && open_device(j) < 0)
		return -EIO;
	if (drain_events(j) < 0) {
		close_device(j); /* opened again at the next poll */
		j->have = false;
		return -EIO;
	}
	if (!j->have)
		return -EAGAIN; /* open, but nothing has said the state yet */
	*level = j->level;
	return 0;
}

int jack_poll(jack_t *j, uint64_t now, bool *plugged)
{
	bool level;

	if (!j || now < j->next)
		return 0;
	j->next = now + JACK_POLL_MS;
	int rc = read_level(j, &level);
	if (rc == -EAGAIN)
		return 0;
	if (rc < 0) {
		bool first = !j->failing;
		j->failing = true;
		return first ? -EIO : 0;
	}
	j->failing = false;
	bool now_plugged = level != j->active_low;
	bool changed = j->known ? now_plugged != j->plugged : now_plugged;
	j->known = true;
	j->plugged = now_plugged;
	if (changed)
		*plugged = now_plugged;
	return changed ? 1 : 0;
}
