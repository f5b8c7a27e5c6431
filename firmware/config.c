#include "firmware/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/core/conf.h"
#include "firmware/services/escpos.h"
#include "firmware/services/net.h"
#include "firmware/services/open311.h"
#include "firmware/services/printer.h"
#include "ui/render_sdl.h"
#include "voices/audio.h"

int config_net(const struct config *c, const char *user_agent, char *base, size_t base_cap,
               struct net_config *out)
{
	size_t n = strlen(c->central_url);
	if (n == 0)
		return -ENOENT;
	if ((size_t)snprintf(base, base_cap, "%s%s", c->central_url,
	                     c->central_url[n - 1] == '/' ? "" : "/") >= base_cap)
		return -E2BIG;
	*out = (struct net_config){
	    .base_url = base,
	    .ca_file = c->ca_file[0] ? c->ca_file : NULL,
	    .client_cert = c->client_cert[0] ? c->client_cert : NULL,
	    .client_key = c->client_key[0] ? c->client_key : NULL,
	    .pinned_pubkey = c->pin_sha256[0] ? c->pin_sha256 : NULL,
	    .proxy = c->proxy[0] ? c->proxy : NULL,
	    .user_agent = user_agent,
	};
	return 0;
}

void config_open311(const struct config *c, struct open311_config *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->path, sizeof(out->path), "%s", "open311/v2/");
	snprintf(out->api_key, sizeof(out->api_key), "%s", c->api_key);
	snprintf(out->device_id, sizeof(out->device_id), "%s", c->kiosk_id);
}

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->kiosk_id, sizeof(c->kiosk_id), "%s", "kiosk-dev");
	snprintf(c->site_id, sizeof(c->site_id), "%s", "main");
	snprintf(c->font, sizeof(c->font), "%s", RENDER_FONT_REGULAR);
	snprintf(c->font_bold, sizeof(c->font_bold), "%s", RENDER_FONT_BOLD);
	snprintf(c->audio, sizeof(c->audio), "%s", "sdl");
	snprintf(c->jack, sizeof(c->jack), "%s", "key");
	snprintf(c->data_dir, sizeof(c->data_dir), "%s", "/var/lib/accueil");
	snprintf(c->keypad, sizeof(c->keypad), "%s", "any");
	snprintf(c->time_zone, sizeof(c->time_zone), "%s", CALENDAR_ZONE_DEFAULT);
	snprintf(c->printer, sizeof(c->printer), "%s", "none");
	snprintf(c->technician_corner, sizeof(c->technician_corner), "%s", "none");
	c->printer_columns = 48;
	c->notices_s = 60;
	c->audio_frames = AUDIO_KIOSK_FRAMES;
	snprintf(c->open311_lost_answer, sizeof(c->open311_lost_answer), "%s", "retry");
	c->fullscreen = true;
	app_config_defaults(&c->app);
}

/* "on_hold | * | waiting_for_you": one more deployment status rule. */
static int add_status_rule(struct config *c, const char *v, const char **why)
{
	static const char *const names[] = {"received", "in_progress", "waiting_for_you",
	                                    "closed_answered", "closed_referred"};
	char part[3][128];
	const char *p = v;
	if (c->status_rule_count >= CONFIG_STATUS_RULES_MAX) {
		*why = "at most 16 status_rule lines";
		return -ENOSPC;
	}
	for (int i = 0; i < 3; i++) {
		const char *bar = i < 2 ? strchr(p, '|') : p + strlen(p);
		if (!bar) {
			*why = "status_rule is SERVER STATUS | WORDS IN THE NOTES | PROGRESS (* "
			       "for any)";
			return -EINVAL;
		}
		while (p < bar && (*p == ' ' || *p == '\t'))
			p++;
		size_t n = (size_t)(bar - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n >= sizeof(part[i])) {
			*why = "status_rule: a part is longer than 127 bytes";
			return -E2BIG;
		}
		memcpy(part[i], p, n);
		part[i][n] = '\0';
		p = bar + (i < 2);
	}
	struct config_status_rule *r = &c->status_rules[c->status_rule_count];
	int progress = -1;
	for (int i = 0; i < 5; i++)
		if (!strcmp(part[2], names[i]))
			progress = i;
	if (progress < 0 || strchr(part[2], '|')) {
		*why = "status_rule's progress is received, in_progress, waiting_for_you, "
		       "closed_answered or closed_referred";
		return -EINVAL;
	}
	if (strlen(part[0]) >= sizeof(r->status) || strlen(part[1]) >= sizeof(r->notes)) {
		*why = "status_rule: the status is at most 31 bytes, the words at most 95";
		return -E2BIG;
	}
	for (char *q = part[0]; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	snprintf(r->status, sizeof(r->status), "%s", strcmp(part[0], "*") ? part[0] : "");
	snprintf(r->notes, sizeof(r->notes), "%s", strcmp(part[1], "*") ? part[1] : "");
	r->progress = (enum open311_progress)progress;
	c->status_rule_count++;
	return 0;
}

/* The key table; *why (may be NULL) gets the reason of a refusal. */
static int set(struct config *c, const char *k, const char *v, const char **why)
{
	static const struct {
		const char *key;
		size_t off, cap;
	} strs[] = {
#define S(name) {#name, offsetof(struct config, name), sizeof(((struct config *)0)->name)}
	    S(kiosk_id),  S(site),        S(site_id),     S(central_url),    S(api_key),
	    S(ca_file),   S(pin_sha256),  S(client_cert), S(client_key),     S(font),
	    S(font_bold), S(espeak_data), S(audio),       S(jack),           S(time_zone),
	    S(proxy),     S(data_dir),    S(keypad),      S(technician_pin),
#undef S
	};
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (!strcmp(k, strs[i].key))
			return conf_set_str((char *)c + strs[i].off, strs[i].cap, v, why);
	if (!strcmp(k, "technician_corner")) {
		enum tech_corner corner;
		if (tech_corner_parse(v, &corner) < 0) {
			if (why)
				*why =
				    "technician_corner is none, top-left, top-right, bottom-left "
				    "or bottom-right";
			return -EINVAL;
		}
		return conf_set_str(c->technician_corner, sizeof(c->technician_corner), v, why);
	}
	if (!strcmp(k, "printer")) {
		printer_t *p;
		int rc = printer_new(v, &p);
		if (rc == -EINVAL && why)
			*why = "printer is none, a device path such as /dev/usb/lp0, or file:PATH";
		if (rc < 0)
			return rc;
		printer_free(p);
		return conf_set_str(c->printer, sizeof(c->printer), v, why);
	}
	if (!strcmp(k, "status_rule")) {
		const char *reason = NULL;
		int rc = add_status_rule(c, v, &reason);
		if (rc < 0 && why)
			*why = reason;
		return rc;
	}
	if (!strcmp(k, "audio_frames"))
		return conf_set_int(&c->audio_frames, v, 32, 512, why);
	if (!strcmp(k, "notices_s"))
		return conf_set_int(&c->notices_s, v, 10, 3600, why);
	if (!strcmp(k, "printer_columns"))
		return conf_set_int(&c->printer_columns, v, ESCPOS_COLUMNS_MIN, ESCPOS_COLUMNS_MAX,
		                    why);
	if (!strcmp(k, "open311_lost_answer")) {
		if (strcmp(v, "retry") && strcmp(v, "lookup") && strcmp(v, "unconfirmed")) {
			if (why)
				*why = "open311_lost_answer is retry, lookup or unconfirmed";
			return -EINVAL;
		}
		return conf_set_str(c->open311_lost_answer, sizeof(c->open311_lost_answer), v, why);
	}
	if (!strcmp(k, "contact_phone"))
		return conf_set_str(c->app.contact_phone, sizeof(c->app.contact_phone), v, why);
	if (!strcmp(k, "contact_tty"))
		return conf_set_str(c->app.contact_tty, sizeof(c->app.contact_tty), v, why);
	if (!strcmp(k, "contact_web"))
		return conf_set_str(c->app.contact_web, sizeof(c->app.contact_web), v, why);
	if (!strcmp(k, "agency_fr"))
		return conf_set_str(c->app.agency[LANG_FR], sizeof(c->app.agency[LANG_FR]), v, why);
	if (!strcmp(k, "agency_en"))
		return conf_set_str(c->app.agency[LANG_EN], sizeof(c->app.agency[LANG_EN]), v, why);
	if (!strcmp(k, "hours_fr"))
		return conf_set_str(c->app.hours[LANG_FR], sizeof(c->app.hours[LANG_FR]), v, why);
	if (!strcmp(k, "hours_en"))
		return conf_set_str(c->app.hours[LANG_EN], sizeof(c->app.hours[LANG_EN]), v, why);
	if (!strcmp(k, "logo"))
		return conf_set_str(c->logo, sizeof(c->logo), v, why);
	if (!strcmp(k, "width"))
		return conf_set_int(&c->width, v, 0, 8192, why);
	if (!strcmp(k, "height"))
		return conf_set_int(&c->height, v, 0, 8192, why);
	if (!strcmp(k, "fullscreen"))
		return conf_set_bool(&c->fullscreen, v, why);
	if (!strcmp(k, "idle_s"))
		return conf_set_ms(&c->app.idle_ms, v, 10, 3600, 1000, why);
	if (!strcmp(k, "idle_speech_s"))
		return conf_set_ms(&c->app.idle_speech_ms, v, 10, 3600, 1000, why);
	if (!strcmp(k, "warning_s"))
		return conf_set_ms(&c->app.warning_ms, v, 30, 600, 1000, why);
	if (!strcmp(k, "hint_interval_s"))
		return conf_set_ms(&c->app.hint_interval_ms, v, 2, 120, 1000, why);
	if (!strcmp(k, "double_strike_ms"))
		return conf_set_ms(&c->app.double_strike_ms, v, 0, 500, 1, why);
	return -ENOENT;
}

int config_set(struct config *c, const char *key, const char *value)
{
	return set(c, key, value, NULL);
}

static int apply(void *user, const char *section, const char *key, char *value, int line,
                 const char **why)
{
	(void)section;
	(void)line;
	if (!key) {
		*why = "the kiosk file has no [sections]";
		return -EINVAL;
	}
	return set(user, key, value, why);
}

int config_load(struct config *c, const char *path, int *bad_line, char *msg, size_t msg_cap)
{
	struct conf_error e;
	char *text;
	size_t len;
	int rc = conf_read_file(path, &text, &len);
	if (rc) {
		if (msg && msg_cap)
			snprintf(msg, msg_cap, "%s: %s", path, strerror(-rc));
		return rc;
	}
	rc = conf_parse(text, len, true, apply, c, &e);
	free(text);
	if (rc == 0)
		return 0;
	if (bad_line)
		*bad_line = e.line;
	conf_error_format(&e, path, msg, msg_cap);
	return rc == -E2BIG ? rc : -EINVAL;
}
