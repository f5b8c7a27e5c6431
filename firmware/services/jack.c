#include "firmware/services/jack.h"

#include <alsa/asoundlib.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gpiod.h>
#include <linux/gpio.h>
#include <linux/input.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

enum jack_backend {
	JACK_FILE,
	JACK_EVDEV,
	JACK_GPIO,
	JACK_GPIO_EVENTS,
	JACK_ALSA,
	JACK_ALSA_EVENTS
};

#define JACK_LINE_MAX 256 /* a recorded ALSA event line */

struct jack {
	enum jack_backend kind;
	char path[512]; /* the value file, event node, recorded events, or the GPIO chip */
	unsigned line;  /* JACK_GPIO: the line's offset on the chip */
	bool active_low;
	int fd; /* event backends: open descriptor, -1 when not open */
	struct gpiod_chip *chip;
	struct gpiod_line *gline;
	char control[JACK_ALSA_NAME_MAX]; /* ALSA backends: the jack control's name */
	snd_ctl_t *ctl;                   /* JACK_ALSA: the card's control device */
	char line_buf[JACK_LINE_MAX];     /* JACK_ALSA_EVENTS: a line read in part */
	size_t line_len;
	char error[320]; /* why the last read failed (jack_error) */
	bool have;       /* event backends: `level` holds a reading */
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

/* "CARD:CONTROL" (alsa:) or "PATH:CONTROL" (alsa-events:): the control is after the last
 * colon, so a path may hold colons; a card may not (it becomes "hw:CARD"). */
static int parse_alsa(jack_t *j, const char *s, bool card)
{
	const char *colon = strrchr(s, ':');
	if (!colon || colon[1] == '\0' || strlen(colon + 1) >= sizeof(j->control) ||
	    copy_path(j, s, (size_t)(colon - s)) < 0)
		return -EINVAL;
	if (card && (strchr(j->path, ':') || strlen(j->path) > 32))
		return -EINVAL;
	memcpy(j->control, colon + 1, strlen(colon + 1) + 1);
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
	} else if (strncmp(spec, "alsa:", 5) == 0) {
		j->kind = JACK_ALSA;
		rc = parse_alsa(j, spec + 5, true);
	} else if (strncmp(spec, "alsa-events:", 12) == 0) {
		j->kind = JACK_ALSA_EVENTS;
		rc = parse_alsa(j, spec + 12, false);
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
	if (j->ctl)
		snd_ctl_close(j->ctl);
	else if (j->chip)
		gpiod_chip_close(j->chip);
	else if (j->fd >= 0)
		close(j->fd);
	j->gline = NULL;
	j->chip = NULL;
	j->ctl = NULL;
	j->fd = -1;
	j->line_len = 0;
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
	static const char *const names[] = {"file",        "evdev", "gpio",
	                                    "gpio-events", "alsa",  "alsa-events"};
	return j ? names[j->kind] : "key";
}

const char *jack_error(const jack_t *j)
{
	return j && j->failing ? j->error : "";
}

static int fail(jack_t *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(jack_t *j, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(j->error, sizeof(j->error), fmt, ap);
	va_end(ap);
	return -EIO;
}

/* ---- ALSA control events (pure) ---- */

static const struct {
	const char *word;
	unsigned mask;
} alsa_masks[] = {
    {"value", JACK_ALSA_VALUE}, {"info", JACK_ALSA_INFO},     {"add", JACK_ALSA_ADD},
    {"tlv", JACK_ALSA_TLV},     {"remove", JACK_ALSA_REMOVE},
};

/* "value,info" (up to the colon) into a mask; 0 when a word is unknown. */
static unsigned parse_mask(const char *s, size_t n)
{
	unsigned mask = 0;
	while (n > 0) {
		size_t w = 0;
		while (w < n && s[w] != ',')
			w++;
		unsigned one = 0;
		for (size_t i = 0; i < sizeof(alsa_masks) / sizeof(alsa_masks[0]); i++)
			if (strlen(alsa_masks[i].word) == w &&
			    strncmp(s, alsa_masks[i].word, w) == 0)
				one = alsa_masks[i].mask;
		bool alone = mask == 0 && w == n;
		if (!one || (one == JACK_ALSA_REMOVE && !alone) || (mask & JACK_ALSA_REMOVE))
			return 0; /* unknown, or "remove" joined to another */
		mask |= one;
		s += w + (w < n);
		n -= w + (w < n);
	}
	return mask;
}

int jack_alsa_parse_line(const char *line, struct jack_alsa_event *ev)
{
	const char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '\n' || *p == '#')
		return 0;
	if (strncmp(p, "event ", 6) != 0)
		return -EINVAL;
	p += 6;
	const char *colon = strchr(p, ':');
	if (!colon)
		return -EINVAL;
	struct jack_alsa_event e = {.mask = parse_mask(p, (size_t)(colon - p)), .value = -1};
	if (!e.mask)
		return -EINVAL;
	p = colon + 1;
	bool named = false;
	while (*p && *p != '\n') {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncmp(p, "name='", 6) == 0) {
			const char *end = strchr(p + 6, '\'');
			if (!end || (size_t)(end - p - 6) >= sizeof(e.name))
				return -EINVAL;
			memcpy(e.name, p + 6, (size_t)(end - p - 6));
			e.name[end - p - 6] = '\0';
			named = true;
			p = end + 1;
		} else if (strncmp(p, "index=", 6) == 0) {
			char *end;
			errno = 0;
			unsigned long v = strtoul(p + 6, &end, 10);
			if (errno || end == p + 6 || v > 1023)
				return -EINVAL;
			e.index = (unsigned)v;
			p = end;
		} else if (strncmp(p, "values=", 7) == 0) {
			p += 7;
			size_t n = strcspn(p, " ,\n");
			if ((n == 2 && !strncmp(p, "on", 2)) || (n == 1 && *p == '1'))
				e.value = 1;
			else if ((n == 3 && !strncmp(p, "off", 3)) || (n == 1 && *p == '0'))
				e.value = 0;
			else
				return -EINVAL;
			p += n;
		} else if (*p && *p != '\n') {
			/* numid=, iface=: what amixer prints, not needed to decide */
			size_t n = strcspn(p, " ,\n");
			if (n == 0 || !memchr(p, '=', n))
				return -EINVAL;
			p += n;
		}
	}
	if (!named)
		return -EINVAL;
	*ev = e;
	return 1;
}

int jack_alsa_decode(const struct jack_alsa_event *ev, const char *control, bool *level)
{
	if (ev->index != 0 || strcmp(ev->name, control) != 0)
		return 0;
	if (ev->mask & JACK_ALSA_REMOVE)
		return -ENODEV;
	if (!(ev->mask & JACK_ALSA_VALUE) || ev->value < 0)
		return 0;
	*level = ev->value != 0;
	return 1;
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
		return fail(j, "cannot read \"0\" or \"1\" from the value file %s", j->path);
	*level = buf[0] == '1';
	return 0;
}

static void quiet(const char *file, int line, const char *function, int err, const char *fmt, ...)
{
	(void)file;
	(void)line;
	(void)function;
	(void)err;
	(void)fmt;
}

/* The card's jack control: checked (a boolean of the CARD interface), its value read, then
 * its events subscribed. Every failure says what is missing. */
static int open_alsa(jack_t *j)
{
	char dev[40];
	snd_ctl_elem_id_t *id = NULL;
	snd_ctl_elem_info_t *info = NULL;
	snd_ctl_elem_value_t *val = NULL;
	int rc = -EIO;

	snprintf(dev, sizeof(dev), "hw:%.32s", j->path); /* parse_alsa: at most 32 */
	/* alsa-lib would print its own lines on stderr: the message below says it all. */
	snd_lib_error_set_handler(quiet);
	int err = snd_ctl_open(&j->ctl, dev, SND_CTL_NONBLOCK);
	snd_lib_error_set_handler(NULL);
	if (err < 0) {
		j->ctl = NULL;
		return fail(j, "no ALSA card \"%s\" (%s): `aplay -l` lists the cards", dev,
		            snd_strerror(err));
	}
	if (snd_ctl_elem_id_malloc(&id) < 0 || snd_ctl_elem_info_malloc(&info) < 0 ||
	    snd_ctl_elem_value_malloc(&val) < 0) {
		fail(j, "out of memory opening ALSA card \"%s\"", dev);
		goto fail_free;
	}
	snd_ctl_elem_id_set_interface(id, SND_CTL_ELEM_IFACE_CARD);
	snd_ctl_elem_id_set_name(id, j->control);
	snd_ctl_elem_info_set_id(info, id);
	err = snd_ctl_elem_info(j->ctl, info);
	if (err < 0) {
		fail(j,
		     "ALSA card \"%s\" has no control \"%s\" (%s): `amixer -c %s controls` "
		     "lists them",
		     dev, j->control, snd_strerror(err), j->path);
		goto fail_free;
	}
	if (snd_ctl_elem_info_get_type(info) != SND_CTL_ELEM_TYPE_BOOLEAN) {
		fail(j, "ALSA control \"%s\" of card \"%s\" is not a jack switch (not a boolean)",
		     j->control, dev);
		goto fail_free;
	}
	snd_ctl_elem_value_set_id(val, id);
	err = snd_ctl_elem_read(j->ctl, val);
	if (err >= 0)
		err = snd_ctl_subscribe_events(j->ctl, 1);
	if (err < 0) {
		fail(j, "cannot read ALSA control \"%s\" of card \"%s\" (%s)", j->control, dev,
		     snd_strerror(err));
		goto fail_free;
	}
	j->level = snd_ctl_elem_value_get_boolean(val, 0) != 0;
	j->have = true;
	rc = 0;
fail_free:
	snd_ctl_elem_value_free(val);
	snd_ctl_elem_info_free(info);
	snd_ctl_elem_id_free(id);
	if (rc < 0)
		close_device(j);
	return rc;
}

/* Opens the event source and takes the current level where the device can tell it. */
static int open_device(jack_t *j)
{
	if (j->kind == JACK_ALSA)
		return open_alsa(j);
	if (j->kind == JACK_GPIO) {
		j->chip = gpiod_chip_open_lookup(j->path);
		j->gline = j->chip ? gpiod_chip_get_line(j->chip, j->line) : NULL;
		if (!j->gline ||
		    gpiod_line_request_both_edges_events(j->gline, "accueil-jack") < 0) {
			close_device(j);
			return fail(j, "cannot use GPIO line %u of %s: check the chip and line",
			            j->line, j->path);
		}
		int v = gpiod_line_get_value(j->gline);
		j->fd = gpiod_line_event_get_fd(j->gline);
		if (v < 0 || j->fd < 0) {
			close_device(j);
			return fail(j, "cannot read GPIO line %u of %s", j->line, j->path);
		}
		j->level = v == 1;
		j->have = true;
		return 0;
	}
	j->fd = open(j->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (j->fd < 0)
		return fail(j, "cannot open %s (%s)", j->path, strerror(errno));
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

/* One decoded ALSA event: the control's value taken, its removal an error. */
static int take_alsa(jack_t *j, const struct jack_alsa_event *ev)
{
	bool level;
	int rc = jack_alsa_decode(ev, j->control, &level);
	if (rc == -ENODEV)
		return fail(j, "ALSA control \"%s\" was removed (card %s gone?)", j->control,
		            j->path);
	if (rc == 1) {
		j->level = level;
		j->have = true;
	}
	return 0;
}

/* The card's pending events; the value is read again when the control's changed. */
static int drain_alsa(jack_t *j)
{
	snd_ctl_event_t *ev = NULL;
	snd_ctl_elem_value_t *val = NULL;
	int rc = 0;

	if (snd_ctl_event_malloc(&ev) < 0 || snd_ctl_elem_value_malloc(&val) < 0) {
		rc = fail(j, "out of memory reading ALSA events");
		goto fail_free;
	}
	for (int i = 0; i < 4096; i++) {
		int n = snd_ctl_read(j->ctl, ev);
		if (n == 0 || n == -EAGAIN)
			break;
		if (n < 0) {
			rc = fail(j, "cannot read events of ALSA card hw:%s (%s)", j->path,
			          snd_strerror(n));
			break;
		}
		if (snd_ctl_event_get_type(ev) != SND_CTL_EVENT_ELEM)
			continue;
		unsigned mask = snd_ctl_event_elem_get_mask(ev);
		struct jack_alsa_event e = {
		    .mask = mask == SND_CTL_EVENT_MASK_REMOVE ? JACK_ALSA_REMOVE : mask & 15u,
		    .index = snd_ctl_event_elem_get_index(ev),
		    .value = -1};
		snprintf(e.name, sizeof(e.name), "%s", snd_ctl_event_elem_get_name(ev));
		if ((e.mask & JACK_ALSA_VALUE) && strcmp(e.name, j->control) == 0) {
			snd_ctl_elem_id_t *id;
			snd_ctl_elem_id_alloca(&id);
			snd_ctl_event_elem_get_id(ev, id);
			snd_ctl_elem_value_set_id(val, id);
			if (snd_ctl_elem_read(j->ctl, val) >= 0)
				e.value = snd_ctl_elem_value_get_boolean(val, 0) != 0;
		}
		if ((rc = take_alsa(j, &e)) < 0)
			break;
	}
fail_free:
	snd_ctl_elem_value_free(val);
	snd_ctl_event_free(ev);
	return rc;
}

/* Recorded ALSA events: whole lines are decoded; a part line waits for the rest. */
static int drain_alsa_lines(jack_t *j)
{
	for (;;) {
		ssize_t n =
		    read(j->fd, j->line_buf + j->line_len, sizeof(j->line_buf) - 1 - j->line_len);
		if (n == 0 || (n < 0 && errno == EAGAIN))
			return 0;
		if (n < 0)
			return fail(j, "cannot read %s (%s)", j->path, strerror(errno));
		j->line_len += (size_t)n;
		j->line_buf[j->line_len] = '\0';
		char *nl;
		while ((nl = strchr(j->line_buf, '\n')) != NULL) {
			struct jack_alsa_event e;
			*nl = '\0';
			int rc = jack_alsa_parse_line(j->line_buf, &e);
			if (rc < 0)
				return fail(j, "%s: not an ALSA event line", j->path);
			if (rc == 1 && take_alsa(j, &e) < 0)
				return -EIO;
			j->line_len -= (size_t)(nl + 1 - j->line_buf);
			memmove(j->line_buf, nl + 1, j->line_len + 1);
		}
		if (j->line_len >= sizeof(j->line_buf) - 1)
			return fail(j, "%s: an ALSA event line is too long", j->path);
	}
}

/* Drains what the device has now; the last switch or edge event wins. Returns 0 or -EIO. */
static int drain_events(jack_t *j)
{
	if (j->kind == JACK_ALSA)
		return drain_alsa(j);
	if (j->kind == JACK_ALSA_EVENTS)
		return drain_alsa_lines(j);
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
			/* unplugged device (ENODEV) or a torn record */
			return fail(j, "cannot read input events from %s", j->path);
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
		return fail(j, "cannot read GPIO events from %s", j->path);
	}
	return 0;
}

static int read_level(jack_t *j, bool *level)
{
	if (j->kind == JACK_FILE)
		return read_value_file(j, level);
	bool open = j->kind == JACK_ALSA ? j->ctl != NULL : j->fd >= 0;
	if (!open && open_device(j) < 0)
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
	bool level = false;

	if (!j || now < j->next)
		return 0;
	j->next = now + JACK_POLL_MS;
	int rc = read_level(j, &level);
	if (rc == -EAGAIN) {
		j->failing = false; /* it opened: a later failure is news again */
		return 0;
	}
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
