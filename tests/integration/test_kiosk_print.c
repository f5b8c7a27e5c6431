/* The program layer prints on the configured printer: `printer = file:PATH` receives the
 * ESC/POS bytes of the receipt and the ticket, `printer = none` says -ENODEV, and a document
 * the builder refuses never reaches the paper. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>
#include <cmocka.h>

#include "firmware/config.h"
#include "firmware/core/log.h"
#include "firmware/kiosk.h"
#include "firmware/services/receipt.h"

static struct config cfg;

static kiosk_t *make(const char *printer)
{
	kiosk_t *k;
	struct kiosk_options o = {
	    .cfg = &cfg, .width = 1080, .height = 1920, .audio = "null", .no_speech = true};
	assert_int_equal(config_set(&cfg, "printer", printer), 0);
	assert_int_equal(kiosk_new(&o, 1000, &k), 0);
	return k;
}

static size_t slurp(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static bool has(const uint8_t *b, size_t n, const char *s)
{
	size_t l = strlen(s);
	for (size_t i = 0; i + l <= n; i++)
		if (!memcmp(b + i, s, l))
			return true;
	return false;
}

static void test_prints_to_file(void **state)
{
	(void)state;
	static uint8_t paper[128 * 1024];
	char path[] = "/tmp/accueil-paper-XXXXXX", spec[64];
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	snprintf(spec, sizeof(spec), "file:%s", path);
	kiosk_t *k = make(spec);
	assert_int_equal(kiosk_printer_status(k), 0);

	struct receipt_request r = {.reference = "4821935577",
	                            .category = "Plainte au sujet de l’organisme",
	                            .submitted_utc = 1711634700,
	                            .standard_days = 10};
	struct receipt_ticket t = {.number = "B007", .service = "Permis", .issued_utc = 1711634700};
	assert_int_equal(kiosk_print_receipt(k, &r, LANG_FR), 0);
	assert_int_equal(kiosk_print_ticket(k, &t, LANG_EN), 0);
	size_t n = slurp(path, paper, sizeof(paper));
	assert_true(n > 1000 && n < sizeof(paper));
	assert_memory_equal(paper, "\x1b@\x1bt\x13", 5); /* reset, code page 858 */
	assert_true(has(paper, n, "482 193 557 7"));
	assert_true(has(paper, n, "Cat\x82gorie"));
	assert_true(has(paper, n, "B007"));
	assert_true(has(paper, n, "Your number"));
	assert_true(has(paper, n, "\x1dV\x42")); /* cut */

	/* refused by the builder (bad check digit): nothing more on the paper */
	r.reference = "4821935576";
	assert_int_equal(kiosk_print_receipt(k, &r, LANG_FR), -EINVAL);
	assert_int_equal(slurp(path, paper, sizeof(paper)), n);
	kiosk_free(k);
	unlink(path);
}

static void test_none(void **state)
{
	(void)state;
	kiosk_t *k = make("none");
	struct receipt_ticket t = {.number = "B007", .service = "Permis", .issued_utc = 1711634700};
	assert_int_equal(kiosk_printer_status(k), -ENODEV);
	assert_int_equal(kiosk_print_ticket(k, &t, LANG_FR), -ENODEV);
	kiosk_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prints_to_file),
	    cmocka_unit_test(test_none),
	};
	config_defaults(&cfg);
	log_set_level(LOG_ERROR);
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	SDL_Init(0);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	SDL_Quit();
	return rc;
}
