/* The headphone detector's backends: the sysfs value file (changes reported once,
 * active-low lines, unreadable files reported once), recorded evdev SW_HEADPHONE_INSERT
 * events, recorded GPIO line events and recorded ALSA jack-control events read through the
 * same code as the devices, a GPIO chip and an ALSA card that are not there (with the
 * message the technician reads), and malformed settings. The real snd_ctl path needs a sound
 * card with a jack control, which the test machines do not have: only its absence is tested. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/gpio.h>
#include <linux/input.h>

#include "firmware/services/jack.h"

static char path[64];

static void put(const char *v)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(v, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "/tmp/accueil-jack-%d", (int)getpid());
	put("0\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static void test_key_backend_polls_nothing(void **state)
{
	(void)state;
	jack_t *j = (jack_t *)1;
	assert_int_equal(jack_new("key", &j), 0);
	assert_null(j);
	assert_int_equal(jack_next_poll(j), UINT64_MAX);
	assert_int_equal(jack_new("", &j), -EINVAL);
}

static void test_file_changes_reported_once(void **state)
{
	(void)state;
	jack_t *j;
	bool plugged = false;
	assert_int_equal(jack_new(path, &j), 0);
	assert_int_equal(jack_poll(j, 1000, &plugged), 0); /* unplugged at start: nothing to say */
	put("1\n");
	assert_int_equal(jack_poll(j, 1100, &plugged), 0); /* not due yet */
	assert_int_equal(jack_poll(j, 1500, &plugged), 1);
	assert_true(plugged);
	assert_int_equal(jack_poll(j, 2000, &plugged), 0);
	put("0\n");
	assert_int_equal(jack_poll(j, 2500, &plugged), 1);
	assert_false(plugged);
	jack_free(j);
}

static void test_active_low_and_unreadable(void **state)
{
	(void)state;
	char spec[80];
	jack_t *j;
	bool plugged = false;
	snprintf(spec, sizeof(spec), "!%s", path);
	assert_int_equal(jack_new(spec, &j), 0);
	assert_int_equal(jack_poll(j, 0, &plugged), 1); /* "0" on an active-low line: plugged */
	assert_true(plugged);
	unlink(path);
	assert_int_equal(jack_poll(j, 500, &plugged), -EIO);
	assert_int_equal(jack_poll(j, 1000, &plugged), 0); /* said once */
	put("garbage");
	assert_int_equal(jack_poll(j, 1500, &plugged), 0);
	put("1");
	assert_int_equal(jack_poll(j, 2000, &plugged), 1);
	assert_false(plugged);
	jack_free(j);
}

static void record_input(int type, int code, int value)
{
	struct input_event ev = {
	    .type = (unsigned short)type, .code = (unsigned short)code, .value = value};
	FILE *f = fopen(path, "ab");
	assert_non_null(f);
	assert_int_equal(fwrite(&ev, sizeof(ev), 1, f), 1);
	fclose(f);
}

static void record_gpio(unsigned id)
{
	struct gpioevent_data ev = {.timestamp = 1, .id = id};
	FILE *f = fopen(path, "ab");
	assert_non_null(f);
	assert_int_equal(fwrite(&ev, sizeof(ev), 1, f), 1);
	fclose(f);
}

static void test_evdev_recorded_switch(void **state)
{
	(void)state;
	char spec[96];
	jack_t *j;
	bool plugged = false;
	unlink(path);
	snprintf(spec, sizeof(spec), "evdev:%s", path);
	assert_int_equal(jack_new(spec, &j), 0);
	assert_string_equal(jack_kind(j), "evdev");
	assert_int_equal(jack_poll(j, 0, &plugged), -EIO); /* the device is not there yet */
	record_input(EV_KEY, KEY_VOLUMEUP, 1); /* other events of the same device: ignored */
	record_input(EV_SYN, SYN_REPORT, 0);
	assert_int_equal(jack_poll(j, 500, &plugged), 0); /* open; nothing says the state yet */
	record_input(EV_SW, SW_LINEOUT_INSERT, 1);
	record_input(EV_SW, SW_HEADPHONE_INSERT, 1);
	record_input(EV_SYN, SYN_REPORT, 0);
	assert_int_equal(jack_poll(j, 1000, &plugged), 1);
	assert_true(plugged);
	/* A quick out-and-in between two polls leaves it plugged: no event for the core. */
	record_input(EV_SW, SW_HEADPHONE_INSERT, 0);
	record_input(EV_SW, SW_HEADPHONE_INSERT, 1);
	assert_int_equal(jack_poll(j, 1500, &plugged), 0);
	record_input(EV_SW, SW_HEADPHONE_INSERT, 0);
	record_input(EV_SYN, SYN_REPORT, 0);
	assert_int_equal(jack_poll(j, 2000, &plugged), 1);
	assert_false(plugged);
	jack_free(j);
}

static void test_gpio_recorded_edges(void **state)
{
	(void)state;
	char spec[96];
	jack_t *j;
	bool plugged = false;
	unlink(path);
	/* The keypad's jack pulls the line low when a plug is in. */
	snprintf(spec, sizeof(spec), "gpio-events:%s:active-low", path);
	assert_int_equal(jack_new(spec, &j), 0);
	assert_string_equal(jack_kind(j), "gpio-events");
	record_gpio(GPIOEVENT_EVENT_RISING_EDGE);
	assert_int_equal(jack_poll(j, 0, &plugged), 0); /* high: nothing plugged */
	record_gpio(GPIOEVENT_EVENT_FALLING_EDGE);
	assert_int_equal(jack_poll(j, 500, &plugged), 1);
	assert_true(plugged);
	record_gpio(GPIOEVENT_EVENT_RISING_EDGE);
	assert_int_equal(jack_poll(j, 1000, &plugged), 1);
	assert_false(plugged);
	/* A torn record (half an event) is a read error, said once, and the next reads work. */
	FILE *f = fopen(path, "ab");
	assert_non_null(f);
	fputc(0, f);
	fclose(f);
	assert_int_equal(jack_poll(j, 1500, &plugged), -EIO);
	jack_free(j);
}

static void test_gpio_chip_absent_and_bad_specs(void **state)
{
	(void)state;
	jack_t *j;
	bool plugged = false;
	assert_int_equal(jack_new("gpio:gpiochip99:17", &j), 0);
	assert_string_equal(jack_kind(j), "gpio");
	assert_int_equal(jack_poll(j, 0, &plugged), -EIO);
	assert_int_equal(jack_poll(j, 500, &plugged), 0); /* said once */
	jack_free(j);
	assert_int_equal(jack_new("gpio:gpiochip0", &j), -EINVAL);
	assert_int_equal(jack_new("gpio:gpiochip0:x", &j), -EINVAL);
	assert_int_equal(jack_new("gpio:gpiochip0:17:inverted", &j), -EINVAL);
	assert_int_equal(jack_new("evdev:", &j), -EINVAL);
	assert_int_equal(jack_new("alsa-card-0", &j), -EINVAL);
	assert_null(j);
}

#define ALSA_FIXTURE "tests/data/jack/alsa_headphone_jack.events"

static void test_alsa_parse_lines(void **state)
{
	(void)state;
	struct jack_alsa_event ev;
	assert_int_equal(jack_alsa_parse_line("# a comment", &ev), 0);
	assert_int_equal(jack_alsa_parse_line("   ", &ev), 0);
	assert_int_equal(
	    jack_alsa_parse_line("event value: numid=1,iface=CARD,name='Headphone Jack' values=on",
	                         &ev),
	    1);
	assert_int_equal(ev.mask, JACK_ALSA_VALUE);
	assert_string_equal(ev.name, "Headphone Jack");
	assert_int_equal(ev.index, 0);
	assert_int_equal(ev.value, 1);
	assert_int_equal(
	    jack_alsa_parse_line("event value,info: name='Mic Jack',index=1 values=0", &ev), 1);
	assert_int_equal(ev.mask, JACK_ALSA_VALUE | JACK_ALSA_INFO);
	assert_int_equal(ev.index, 1);
	assert_int_equal(ev.value, 0);
	assert_int_equal(jack_alsa_parse_line("event remove: numid=1,name='Headphone Jack'", &ev),
	                 1);
	assert_int_equal(ev.mask, JACK_ALSA_REMOVE);
	assert_int_equal(ev.value, -1);
	/* Malformed: not an event, an unknown mask, remove joined to another, no name, a name
	 * longer than ALSA allows, an unclosed quote, a value that is no switch's. */
	const char *bad[] = {
	    "value: name='Headphone Jack'",
	    "event bogus: name='Headphone Jack'",
	    "event remove,value: name='Headphone Jack'",
	    "event value: numid=1,iface=CARD",
	    "event value: name='A name much longer than the forty-four bytes ALSA allows'",
	    "event value: name='Headphone Jack",
	    "event value: name='Headphone Jack' values=maybe",
	    "event value: name='Headphone Jack' garbage",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(jack_alsa_parse_line(bad[i], &ev), -EINVAL);
}

/* The recorded fixture, line by line through the pure decoder: only the jack control's
 * value changes count; its removal says the card went away. */
static void test_alsa_decode_recorded(void **state)
{
	(void)state;
	FILE *f = fopen(ALSA_FIXTURE, "r");
	assert_non_null(f);
	char line[256];
	int seen[8], n = 0, removed = 0;
	while (fgets(line, sizeof(line), f)) {
		struct jack_alsa_event ev;
		int rc = jack_alsa_parse_line(line, &ev);
		assert_true(rc >= 0);
		if (rc == 0)
			continue;
		bool level = false;
		rc = jack_alsa_decode(&ev, "Headphone Jack", &level);
		if (rc == -ENODEV)
			removed++;
		else if (rc == 1 && n < 8)
			seen[n++] = level;
	}
	fclose(f);
	assert_int_equal(n, 3);
	assert_int_equal(seen[0], 1);
	assert_int_equal(seen[1], 0);
	assert_int_equal(seen[2], 1);
	assert_int_equal(removed, 1);
	/* Another index of the same name is another element. */
	struct jack_alsa_event other = {.mask = JACK_ALSA_VALUE, .index = 1, .value = 1};
	bool level = false;
	snprintf(other.name, sizeof(other.name), "Headphone Jack");
	assert_int_equal(jack_alsa_decode(&other, "Headphone Jack", &level), 0);
}

/* Appends line number `which` (counting event lines from 0) of the fixture to path. */
static void record_alsa(int which)
{
	FILE *in = fopen(ALSA_FIXTURE, "r");
	assert_non_null(in);
	char line[256];
	int k = 0;
	while (fgets(line, sizeof(line), in)) {
		if (line[0] == '#')
			continue;
		if (k++ == which) {
			FILE *out = fopen(path, "a");
			assert_non_null(out);
			fputs(line, out);
			fclose(out);
		}
	}
	fclose(in);
}

static void test_alsa_recorded_events(void **state)
{
	(void)state;
	char spec[128];
	jack_t *j;
	bool plugged = false;
	unlink(path);
	snprintf(spec, sizeof(spec), "alsa-events:%s:Headphone Jack", path);
	assert_int_equal(jack_new(spec, &j), 0);
	assert_string_equal(jack_kind(j), "alsa-events");
	assert_int_equal(jack_poll(j, 0, &plugged), -EIO); /* not recorded yet */
	assert_non_null(strstr(jack_error(j), path));
	record_alsa(0); /* info of the jack: no value */
	record_alsa(1); /* the microphone's jack */
	assert_int_equal(jack_poll(j, 500, &plugged), 0);
	assert_string_equal(jack_error(j), "");
	record_alsa(2);
	assert_int_equal(jack_poll(j, 1000, &plugged), 1);
	assert_true(plugged);
	record_alsa(3); /* a mixer control: nothing */
	assert_int_equal(jack_poll(j, 1500, &plugged), 0);
	/* Half a line waits for the rest. */
	FILE *f = fopen(path, "a");
	assert_non_null(f);
	fputs("event value: numid=1,iface=CARD,", f);
	fclose(f);
	assert_int_equal(jack_poll(j, 2000, &plugged), 0);
	f = fopen(path, "a");
	assert_non_null(f);
	fputs("name='Headphone Jack' values=off\n", f);
	fclose(f);
	assert_int_equal(jack_poll(j, 2500, &plugged), 1);
	assert_false(plugged);
	record_alsa(5);
	assert_int_equal(jack_poll(j, 3000, &plugged), 1);
	assert_true(plugged);
	/* The card goes away: an error, said once, with what happened. */
	record_alsa(6);
	assert_int_equal(jack_poll(j, 3500, &plugged), -EIO);
	assert_non_null(strstr(jack_error(j), "was removed"));
	jack_free(j);
}

static void test_alsa_card_absent(void **state)
{
	(void)state;
	jack_t *j;
	bool plugged = false;
	assert_int_equal(jack_new("alsa:NoSuchCard:Headphone Jack", &j), 0);
	assert_string_equal(jack_kind(j), "alsa");
	assert_int_equal(jack_poll(j, 0, &plugged), -EIO);
	assert_non_null(strstr(jack_error(j), "no ALSA card \"hw:NoSuchCard\""));
	assert_non_null(strstr(jack_error(j), "aplay -l"));
	assert_int_equal(jack_poll(j, 500, &plugged), 0); /* said once */
	jack_free(j);
	assert_int_equal(jack_new("alsa:", &j), -EINVAL);
	assert_int_equal(jack_new("alsa:0", &j), -EINVAL);
	assert_int_equal(jack_new("alsa:0:", &j), -EINVAL);
	assert_int_equal(jack_new("alsa:hw:0:Headphone Jack", &j), -EINVAL); /* card, not device */
	assert_int_equal(
	    jack_new("alsa:0:A control name longer than the forty-four bytes of ALSA", &j),
	    -EINVAL);
	assert_null(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_key_backend_polls_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_changes_reported_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_active_low_and_unreadable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_evdev_recorded_switch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gpio_recorded_edges, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gpio_chip_absent_and_bad_specs, setup, teardown),
	    cmocka_unit_test(test_alsa_parse_lines),
	    cmocka_unit_test(test_alsa_decode_recorded),
	    cmocka_unit_test_setup_teardown(test_alsa_recorded_events, setup, teardown),
	    cmocka_unit_test(test_alsa_card_absent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
