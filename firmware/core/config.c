#include "firmware/core/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/render_sdl.h"

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->kiosk_id, sizeof(c->kiosk_id), "%s", "kiosk-dev");
	snprintf(c->site_id, sizeof(c->site_id), "%s", "main");
	snprintf(c->font, sizeof(c->font), "%s", RENDER_FONT_REGULAR);
	snprintf(c->font_bold, sizeof(c->font_bold), "%s", RENDER_FONT_BOLD);
	snprintf(c->audio, sizeof(c->audio), "%s", "sdl");
	snprintf(c->jack, sizeof(c->jack), "%s", "key");
	c->fullscreen = true;
	app_config_defaults(&c->app);
}

static int set_str(char *dst, size_t cap, const char *v)
{
	size_t n = strlen(v);
	if (n >= cap)
		return -EINVAL;
	memcpy(dst, v, n + 1);
	return 0;
}

static int set_int(int *dst, const char *v, long lo, long hi)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return -EINVAL;
	*dst = (int)n;
	return 0;
}

static int set_ms(uint32_t *dst, const char *v, long lo, long hi, long scale)
{
	int n;
	if (set_int(&n, v, lo, hi) < 0)
		return -EINVAL;
	*dst = (uint32_t)(n * scale);
	return 0;
}

static int set_bool(bool *dst, const char *v)
{
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"))
		*dst = true;
	else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0"))
		*dst = false;
	else
		return -EINVAL;
	return 0;
}

int config_set(struct config *c, const char *k, const char *v)
{
	static const struct {
		const char *key;
		size_t off, cap;
	} strs[] = {
#define S(name) {#name, offsetof(struct config, name), sizeof(((struct config *)0)->name)}
	    S(kiosk_id),  S(site),        S(site_id),     S(central_url), S(api_key),
	    S(ca_file),   S(pin_sha256),  S(client_cert), S(client_key),  S(font),
	    S(font_bold), S(espeak_data), S(audio),       S(jack),        S(proxy),
#undef S
	};
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (!strcmp(k, strs[i].key))
			return set_str((char *)c + strs[i].off, strs[i].cap, v);
	if (!strcmp(k, "contact_phone"))
		return set_str(c->app.contact_phone, sizeof(c->app.contact_phone), v);
	if (!strcmp(k, "contact_tty"))
		return set_str(c->app.contact_tty, sizeof(c->app.contact_tty), v);
	if (!strcmp(k, "contact_web"))
		return set_str(c->app.contact_web, sizeof(c->app.contact_web), v);
	if (!strcmp(k, "width"))
		return set_int(&c->width, v, 0, 8192);
	if (!strcmp(k, "height"))
		return set_int(&c->height, v, 0, 8192);
	if (!strcmp(k, "fullscreen"))
		return set_bool(&c->fullscreen, v);
	if (!strcmp(k, "idle_s"))
		return set_ms(&c->app.idle_ms, v, 10, 3600, 1000);
	if (!strcmp(k, "idle_speech_s"))
		return set_ms(&c->app.idle_speech_ms, v, 10, 3600, 1000);
	if (!strcmp(k, "warning_s"))
		return set_ms(&c->app.warning_ms, v, 30, 600, 1000);
	if (!strcmp(k, "hint_interval_s"))
		return set_ms(&c->app.hint_interval_ms, v, 2, 120, 1000);
	if (!strcmp(k, "double_strike_ms"))
		return set_ms(&c->app.double_strike_ms, v, 0, 500, 1);
	return -EINVAL;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

int config_load(struct config *c, const char *path, int *bad_line, char *msg, size_t msg_cap)
{
	char line[1024];
	int no = 0, rc = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		int err = errno;
		if (msg)
			snprintf(msg, msg_cap, "%s: %s", path, strerror(err));
		return err == EACCES ? -EACCES : -ENOENT;
	}
	while (fgets(line, sizeof(line), f)) {
		no++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (eq) {
			*eq = '\0';
			char *k = trim(s), *v = trim(eq + 1);
			if (config_set(c, k, v) == 0)
				continue;
		}
		if (rc == 0) {
			rc = -EINVAL;
			if (bad_line)
				*bad_line = no;
			if (msg)
				snprintf(msg, msg_cap, "%s:%d: unknown key or bad value", path, no);
		}
	}
	fclose(f);
	return rc;
}
