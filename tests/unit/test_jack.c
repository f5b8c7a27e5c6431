/* The headphone detector's backends: the sysfs value file (changes reported once,
 * active-low lines, unreadable files reported once), recorded evdev SW_HEADPHONE_INSERT
 * events and recorded GPIO line events read through the same code as the devices, a GPIO
 * chip that is not there, and malformed settings. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_key_backend_polls_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_changes_reported_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_active_low_and_unreadable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_evdev_recorded_switch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gpio_recorded_edges, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gpio_chip_absent_and_bad_specs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
