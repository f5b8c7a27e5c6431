/* firmware/services/printer.c against real files and devices: a file printer appends, /dev/full
 * stands for paper out, a missing device and a FIFO nobody reads stand for an unplugged
 * printer, a FIFO whose reader never reads for a jammed one (the write budget must hold). */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "firmware/services/printer.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/accueil-printer-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void test_specs(void **state)
{
	(void)state;
	printer_t *p = NULL;
	char longer[PRINTER_SPEC_MAX + 8];
	memset(longer, 'a', sizeof(longer) - 1);
	longer[0] = '/';
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(printer_new("", &p), -EINVAL);
	assert_int_equal(printer_new("lp0", &p), -EINVAL);
	assert_int_equal(printer_new("file:", &p), -EINVAL);
	assert_int_equal(printer_new(longer, &p), -EINVAL);
	assert_null(p);
	assert_int_equal(printer_new("none", &p), 0);
	assert_int_equal(printer_kind(p), PRINTER_NONE);
	assert_string_equal(printer_path(p), "");
	assert_int_equal(printer_print(p, (const uint8_t *)"x", 1), -ENODEV);
	assert_int_equal(printer_status(p), -ENODEV);
	printer_free(p);
	assert_int_equal(printer_new("/dev/usb/lp0", &p), 0);
	assert_int_equal(printer_kind(p), PRINTER_DEVICE);
	assert_string_equal(printer_path(p), "/dev/usb/lp0");
	printer_free(p);
	printer_free(NULL);
	assert_string_equal(printer_error(-ENOSPC), "paper out (or the file's disk is full)");
}

static void test_file_appends(void **state)
{
	(void)state;
	char spec[128], path[96], got[16] = {0};
	printer_t *p;
	snprintf(path, sizeof(path), "%s/paper.bin", dir);
	snprintf(spec, sizeof(spec), "file:%s", path);
	assert_int_equal(printer_new(spec, &p), 0);
	assert_int_equal(printer_kind(p), PRINTER_FILE);
	assert_int_equal(printer_status(p), 0);
	assert_int_equal(printer_print(p, (const uint8_t *)"one\n", 4), 0);
	assert_int_equal(printer_print(p, (const uint8_t *)"two\n", 4), 0);
	assert_int_equal(printer_print(p, (const uint8_t *)"", 0), -EMSGSIZE);
	assert_int_equal(printer_print(p, (const uint8_t *)"x", PRINTER_DOC_MAX + 1), -EMSGSIZE);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(got, 1, sizeof(got) - 1, f), 8);
	fclose(f);
	assert_string_equal(got, "one\ntwo\n");
	printer_free(p);

	/* a folder that does not exist: the file cannot be made */
	snprintf(spec, sizeof(spec), "file:%s/no/such/paper.bin", dir);
	assert_int_equal(printer_new(spec, &p), 0);
	assert_int_equal(printer_print(p, (const uint8_t *)"x", 1), -ENODEV);
	printer_free(p);
	/* a full disk, as a full device reports it */
	assert_int_equal(printer_new("file:/dev/full", &p), 0);
	assert_int_equal(printer_print(p, (const uint8_t *)"x", 1), -ENOSPC);
	printer_free(p);
}

static void test_device_missing_or_unread(void **state)
{
	(void)state;
	char spec[128];
	printer_t *p;
	snprintf(spec, sizeof(spec), "%s/lp0", dir);
	assert_int_equal(printer_new(spec, &p), 0);
	assert_int_equal(printer_print(p, (const uint8_t *)"x", 1), -ENODEV);
	assert_int_equal(printer_status(p), -ENODEV);
	/* a FIFO with nobody reading: opening it non-blocking for writing says ENXIO */
	assert_int_equal(mkfifo(spec, 0600), 0);
	assert_int_equal(printer_print(p, (const uint8_t *)"x", 1), -ENODEV);
	assert_int_equal(printer_status(p), -ENODEV);
	printer_free(p);
	/* a device that takes everything */
	assert_int_equal(printer_new("/dev/null", &p), 0);
	assert_int_equal(printer_status(p), 0);
	assert_int_equal(printer_print(p, (const uint8_t *)"abc", 3), 0);
	printer_free(p);
}

/* A printer that stops taking data: the write gives up after its budget, it never blocks. */
static void test_stalled_device_is_bounded(void **state)
{
	(void)state;
	char spec[128];
	static uint8_t doc[32 * 1024];
	printer_t *p;
	snprintf(spec, sizeof(spec), "%s/stalled", dir);
	assert_int_equal(mkfifo(spec, 0600), 0);
	int rd = open(spec, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	assert_true(fcntl(rd, F_SETPIPE_SZ, 4096) >= 4096);
	assert_int_equal(printer_new(spec, &p), 0);
	assert_int_equal(printer_status(p), 0);
	uint64_t t0 = mono_ms();
	assert_int_equal(printer_print(p, doc, sizeof(doc)), -ETIMEDOUT);
	uint64_t took = mono_ms() - t0;
	assert_true(took >= PRINTER_WRITE_BUDGET_MS - 5);
	assert_true(took < PRINTER_WRITE_BUDGET_MS + 300);
	/* once the printer reads again, a print goes through */
	static uint8_t sink[64 * 1024];
	while (read(rd, sink, sizeof(sink)) > 0)
		;
	assert_int_equal(printer_print(p, doc, 1024), 0);
	assert_int_equal(read(rd, sink, sizeof(sink)), 1024);
	printer_free(p);
	close(rd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_specs),
	    cmocka_unit_test(test_file_appends),
	    cmocka_unit_test(test_device_missing_or_unread),
	    cmocka_unit_test(test_stalled_device_is_bounded),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
