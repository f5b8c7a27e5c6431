#include "firmware/core/flows/ticket.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "firmware/core/text.h"

const struct ticket_service *ticket_service_find(const struct ticket_services *s, const char *id)
{
	for (int i = 0; i < s->count && i < TICKET_SERVICES_MAX; i++)
		if (strcmp(s->items[i].id, id) == 0)
			return &s->items[i];
	return NULL;
}

void ticket_wait_minutes(int min_s, int max_s, int *min_m, int *max_m)
{
	*min_m = min_s > 0 ? min_s / 60 : 0;
	*max_m = max_s > 0 ? (max_s + 59) / 60 : 0;
	if (*max_m < *min_m)
		*max_m = *min_m;
}

const char *ticket_check_number(const char *typed, char *out, size_t cap)
{
	size_t n = strlen(typed);
	if (n == 0)
		return "ticket.check.error.empty";
	if (!isalpha((unsigned char)typed[0]))
		return "ticket.check.error.letter";
	size_t d = strspn(typed + 1, "0123456789");
	if (d == 0 || d > 3 || d != n - 1)
		return "ticket.check.error.digits";
	unsigned v = 0;
	for (size_t i = 1; i < n; i++)
		v = v * 10 + (unsigned)(typed[i] - '0');
	if (v == 0)
		return "ticket.check.error.digits";
	if ((size_t)snprintf(out, cap, "%c%03u", toupper((unsigned char)typed[0]), v) >= cap)
		return "ticket.check.error.digits";
	return NULL;
}

int ticket_type(struct ticket *t, char ch)
{
	size_t n = strlen(t->typed);
	if (!isalnum((unsigned char)ch))
		return -EINVAL;
	if (n + 1 >= 5)
		return -E2BIG;
	t->typed[n] = (char)toupper((unsigned char)ch);
	t->typed[n + 1] = '\0';
	return 0;
}

int ticket_erase(struct ticket *t)
{
	size_t n = strlen(t->typed);
	if (!n)
		return -ENOENT;
	t->typed[n - 1] = '\0';
	return 0;
}

void ticket_reset(struct ticket *t)
{
	text_wipe(t, sizeof(*t));
}
