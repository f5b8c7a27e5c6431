#include "firmware/services/jack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jack {
	char path[512];
	bool active_low;
	bool known, plugged;
	bool failing; /* the last read failed: say so only once */
	uint64_t next;
};

int jack_new(const char *spec, jack_t **out)
{
	*out = NULL;
	if (!spec || !spec[0])
		return -EINVAL;
	if (strcmp(spec, "key") == 0)
		return 0;
	jack_t *j = calloc(1, sizeof(*j));
	if (!j)
		return -ENOMEM;
	j->active_low = spec[0] == '!';
	if (j->active_low)
		spec++;
	if (strlen(spec) >= sizeof(j->path)) {
		free(j);
		return -EINVAL;
	}
	memcpy(j->path, spec, strlen(spec) + 1);
	*out = j;
	return 0;
}

void jack_free(jack_t *j)
{
	free(j);
}

uint64_t jack_next_poll(const jack_t *j)
{
	return j ? j->next : UINT64_MAX;
}

int jack_poll(jack_t *j, uint64_t now, bool *plugged)
{
	char buf[8] = "";

	if (!j || now < j->next)
		return 0;
	j->next = now + JACK_POLL_MS;
	FILE *f = fopen(j->path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	if (n == 0 || (buf[0] != '0' && buf[0] != '1')) {
		bool first = !j->failing;
		j->failing = true;
		return first ? -EIO : 0;
	}
	j->failing = false;
	bool now_plugged = (buf[0] == '1') != j->active_low;
	bool changed = j->known ? now_plugged != j->plugged : now_plugged;
	j->known = true;
	j->plugged = now_plugged;
	if (changed)
		*plugged = now_plugged;
	return changed ? 1 : 0;
}
