#include "firmware/services/techset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/core/conf.h"
#include "firmware/services/statefile.h"

struct parse {
	struct tech_settings s;
	unsigned have; /* bit per key */
	bool has_check;
	unsigned long check;
	const char *text;
	int check_line;
};

static int entry(void *user, const char *section, const char *key, char *value, int line,
                 const char **why)
{
	struct parse *p = user;
	int v;
	if (!key) {
		*why = "no sections in this file";
		return section[0] ? -EINVAL : 0;
	}
	if (!strcmp(key, "volume")) {
		p->have |= 1;
		return conf_set_int(&p->s.volume, value, TECH_VOLUME_MIN, TECH_VOLUME_MAX, why);
	}
	if (!strcmp(key, "orientation")) {
		p->have |= 2;
		if (strcmp(value, "portrait") && strcmp(value, "landscape")) {
			*why = "orientation must be portrait or landscape";
			return -EINVAL;
		}
		p->s.portrait = !strcmp(value, "portrait");
		return 0;
	}
	if (!strcmp(key, "idle_warning_s")) {
		p->have |= 4;
		int rc = conf_set_int(&v, value, TECH_IDLE_MIN_S, TECH_IDLE_MAX_S, why);
		if (rc == 0)
			p->s.idle_s = (unsigned)v;
		return rc;
	}
	if (!strcmp(key, "idle_end_s")) {
		p->have |= 8;
		int rc = conf_set_int(&v, value, TECH_END_MIN_S, TECH_END_MAX_S, why);
		if (rc == 0)
			p->s.end_s = (unsigned)v;
		return rc;
	}
	if (!strcmp(key, "check")) {
		char *end;
		p->check = strtoul(value, &end, 16);
		p->has_check = end != value && *end == '\0';
		p->check_line = line;
		*why = "check is not a hexadecimal number";
		return p->has_check ? 0 : -EINVAL;
	}
	*why = "unknown setting";
	return -EINVAL;
}

/* The offset of line n (1-based) in text. */
static size_t line_start(const char *text, size_t len, int n)
{
	size_t at = 0;
	for (int l = 1; l < n && at < len; l++) {
		const char *nl = memchr(text + at, '\n', len - at);
		if (!nl)
			return len;
		at = (size_t)(nl - text) + 1;
	}
	return at;
}

int techset_parse(const char *text, size_t len, struct tech_settings *out, char *why, size_t cap)
{
	struct parse p;
	struct conf_error err;
	memset(&p, 0, sizeof(p));
	int rc = conf_parse(text, len, false, entry, &p, &err);
	if (rc < 0) {
		conf_error_format(&err, NULL, why, cap);
		return -EBADMSG;
	}
	if (!p.has_check) {
		snprintf(why, cap, "no check line: cut short?");
		return -EBADMSG;
	}
	if (statefile_check(text, line_start(text, len, p.check_line)) != p.check) {
		snprintf(why, cap, "its check does not match: damaged or cut short");
		return -EBADMSG;
	}
	if (p.have != 15) {
		snprintf(why, cap, "%s is missing: cut short?",
		         !(p.have & 1)   ? "volume"
		         : !(p.have & 2) ? "orientation"
		         : !(p.have & 4) ? "idle_warning_s"
		                         : "idle_end_s");
		return -EBADMSG;
	}
	*out = p.s;
	return 0;
}

int techset_format(const struct tech_settings *s, char *buf, size_t cap)
{
	if (!tech_settings_valid(s))
		return -EINVAL;
	int n = snprintf(buf, cap,
	                 "# Settings changed in technician mode (Settings). Written by the kiosk.\n"
	                 "volume = %d\norientation = %s\nidle_warning_s = %u\nidle_end_s = %u\n",
	                 s->volume, s->portrait ? "portrait" : "landscape", s->idle_s, s->end_s);
	if (n < 0 || (size_t)n >= cap)
		return -ENOSPC;
	int m =
	    snprintf(buf + n, cap - (size_t)n, "check = %08lx\n", statefile_check(buf, (size_t)n));
	if (m < 0 || (size_t)m >= cap - (size_t)n)
		return -ENOSPC;
	return n + m;
}

int techset_load(const char *path, struct tech_settings *out, char *why, size_t cap)
{
	char text[STATEFILE_MAX];
	int len = statefile_read(path, text, sizeof(text));
	if (len == -EFBIG) {
		snprintf(why, cap, "longer than %d bytes", STATEFILE_MAX - 1);
		return -EBADMSG;
	}
	if (len < 0) {
		snprintf(why, cap, "%s", strerror(-len));
		return len == -ENOENT || len == -EACCES ? len : -EIO;
	}
	return techset_parse(text, (size_t)len, out, why, cap);
}

int techset_save(const char *path, const struct tech_settings *s)
{
	char text[512];
	int n = techset_format(s, text, sizeof(text));
	if (n < 0)
		return n == -ENOSPC ? -EINVAL : n;
	return statefile_write(path, text, (size_t)n);
}
