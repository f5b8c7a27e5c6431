/* firmware/services/receipt.c end to end: the receipt and the ticket are built in French and
 * English, decoded by tools/escpos_render (which reads the code page through iconv, not
 * through our table), checked as text, rendered to PNG, and their QR codes read back from the
 * PNG with zbarimg. The files stay in BUILD/test-out/receipt/ for people to look at. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "firmware/core/calendar.h"
#include "firmware/core/i18n.h"
#include "firmware/core/reference.h"
#include "firmware/services/escpos.h"
#include "firmware/services/receipt.h"

static i18n_t *t;
static char out_dir[512], render_bin[512];
static char ref[REFERENCE_BUF];

static int setup(void **state)
{
	(void)state;
	const char *b = getenv("ACCUEIL_BUILD");
	b = b && *b ? b : "build";
	snprintf(render_bin, sizeof(render_bin), "%s/tools/escpos_render", b);
	snprintf(out_dir, sizeof(out_dir), "%s/test-out", b);
	mkdir(out_dir, 0755);
	snprintf(out_dir, sizeof(out_dir), "%s/test-out/receipt", b);
	mkdir(out_dir, 0755);
	if (reference_make("482193557", ref) < 0)
		return -1;
	return i18n_new_builtin(&t) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	i18n_free(t);
	return 0;
}

/* 10:05 in Toronto on a date. */
static int64_t at(int y, int m, int d, int hh, int mm)
{
	int64_t utc;
	assert_int_equal(calendar_from_local((struct calendar_date){y, m, d}, hh, mm, 0, &utc), 0);
	return utc;
}

/* Writes doc to NAME.bin, decodes it to NAME.txt and NAME.png; returns the text with its
 * lines joined by spaces (wrapping may fall anywhere) in text (cap bytes). */
static void decode(escpos_t *doc, const char *name, char *text, size_t cap)
{
	char bin[600], txt[600], png[600], cmd[4096];
	size_t len;
	const uint8_t *b = escpos_bytes(doc, &len);
	assert_non_null(b);
	snprintf(bin, sizeof(bin), "%s/%s.bin", out_dir, name);
	snprintf(txt, sizeof(txt), "%s/%s.txt", out_dir, name);
	snprintf(png, sizeof(png), "%s/%s.png", out_dir, name);
	FILE *f = fopen(bin, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "'%s' -c %d -t '%s' -p '%s' '%s'", render_bin,
	         escpos_columns(doc), txt, png, bin);
	if (system(cmd) != 0)
		fail_msg("%s failed", cmd);
	f = fopen(txt, "rb");
	assert_non_null(f);
	size_t n = fread(text, 1, cap - 1, f);
	fclose(f);
	assert_true(n < cap - 1);
	text[n] = '\0';
	/* every printed line fits the paper */
	int col = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			col = 0;
		else if (((unsigned char)*p & 0xC0) != 0x80 && ++col > escpos_columns(doc))
			fail_msg("%s: a line is wider than %d columns", name, escpos_columns(doc));
	}
	for (char *p = text; *p; p++)
		if (*p == '\n')
			*p = ' ';
}

/* The QR code read back from NAME.png by zbarimg. */
static void qr_of(const char *name, char *out, size_t cap)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "zbarimg --quiet --raw '%s/%s.png' 2>/dev/null", out_dir, name);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, cap - 1, p);
	int rc = pclose(p);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	if (rc != 0)
		fail_msg("zbarimg found no code in %s.png (%d)", name, rc);
}

#define assert_has(text, s)                                                                        \
	do {                                                                                       \
		if (!strstr((text), (s)))                                                          \
			fail_msg("missing \"%s\" in: %s", (s), (text));                            \
	} while (0)

static void build_request(const struct receipt_request *r, enum lang lang, const char *name,
                          char *text, size_t cap)
{
	escpos_t *doc;
	assert_int_equal(escpos_new(48, 0, &doc), 0);
	assert_int_equal(receipt_build_request(doc, r, t, lang), 0);
	assert_int_equal(escpos_replaced(doc), 0); /* nothing of ours lacks a glyph */
	decode(doc, name, text, cap);
	escpos_free(doc);
}

/* Filed on the Thursday before Good Friday 2024: 2 business days skip the holiday and the
 * weekend, so the answer is due on Tuesday April 2. */
static const struct receipt_request request = {
    .reference = NULL, /* set in the tests */
    .category = "Plainte au sujet de l’organisme",
    .standard_days = 2,
    .notice = "Un agent étudiera votre demande et vous répondra d’ici la date indiquée. "
              "Frais de copie : 5 €.",
    .phone = "1 800 522-2876",
    .web = "agco.ca/suivi",
};

static void test_receipt_fr(void **state)
{
	(void)state;
	static char text[16384];
	char grouped[REFERENCE_GROUPED_BUF], qr[64];
	struct receipt_request r = request;
	r.reference = ref;
	r.submitted_utc = at(2024, 3, 28, 10, 5);
	build_request(&r, LANG_FR, "receipt-fr", text, sizeof(text));
	assert_int_equal(reference_format(ref, REFERENCE_DIGITS, grouped, sizeof(grouped)), 13);
	assert_has(text, "Accueil - Service à la clientèle"); /* CP858 has no em dash */
	assert_has(text, "Accusé de réception");
	assert_has(text, grouped);
	assert_has(text, "Catégorie\u00a0: Plainte au sujet de l'organisme");
	assert_has(text, "Date\u00a0: jeudi 28 mars 2024 à 10 h 05");
	assert_has(text, "Norme de service\u00a0: 2 jours ouvrables");
	assert_has(text, "Réponse au plus tard le mardi 2 avril 2024");
	assert_has(text, "Frais de copie : 5 €.");
	assert_has(text, "«\u00a0Vérifier une demande\u00a0»");
	assert_has(text, "Par téléphone\u00a0: 1 800 522-2876");
	assert_has(text, "[image 576x");
	assert_has(text, "[cut]");
	qr_of("receipt-fr", qr, sizeof(qr));
	assert_string_equal(qr, ref);
}

static void test_receipt_en(void **state)
{
	(void)state;
	static char text[16384];
	char grouped[REFERENCE_GROUPED_BUF], qr[64];
	struct receipt_request r = request;
	r.reference = ref;
	r.category = "Complaint about the agency";
	r.notice = "An officer will review your request and answer by the date shown.";
	r.submitted_utc = at(2024, 3, 28, 14, 5);
	r.standard_days = 10;
	build_request(&r, LANG_EN, "receipt-en", text, sizeof(text));
	reference_format(ref, REFERENCE_DIGITS, grouped, sizeof(grouped));
	assert_has(text, "Receipt");
	assert_has(text, grouped);
	assert_has(text, "Category: Complaint about the agency");
	assert_has(text, "Date: Thursday, March 28, 2024, 2:05 p.m.");
	assert_has(text, "Service standard: 10 business days (2 weeks)");
	/* 10 business days from March 28 skip Good Friday: April 12 */
	assert_has(text, "Answer expected by Friday, April 12, 2024");
	assert_has(text, "What happens next: An officer will review");
	assert_has(text, "\"Check a request\"");
	assert_has(text, "Online: agco.ca/suivi");
	qr_of("receipt-en", qr, sizeof(qr));
	assert_string_equal(qr, ref);
}

/* Offline: the kiosk's own reference, and the honest wording; no answer-by date. */
static void test_receipt_provisional(void **state)
{
	(void)state;
	static char text[16384];
	char qr[64];
	struct receipt_request r = request;
	r.reference = "K7Q2A0042";
	r.provisional = true;
	r.notice = NULL;
	r.submitted_utc = at(2024, 3, 28, 10, 5);
	build_request(&r, LANG_FR, "receipt-provisional-fr", text, sizeof(text));
	assert_has(text, "Accusé de réception provisoire");
	assert_has(text, "Référence provisoire\u00a0: K7Q2A0042");
	assert_has(text, "enregistrée sur cette borne et sera envoyée");
	assert_has(text, "Le délai compte à partir de la réception");
	assert_null(strstr(text, "Réponse au plus tard"));
	assert_null(strstr(text, "Prochaine étape"));
	qr_of("receipt-provisional-fr", qr, sizeof(qr));
	assert_string_equal(qr, "K7Q2A0042");
}

static void build_ticket(const struct receipt_ticket *k, enum lang lang, const char *name,
                         char *text, size_t cap)
{
	escpos_t *doc;
	assert_int_equal(escpos_new(48, 0, &doc), 0);
	assert_int_equal(receipt_build_ticket(doc, k, t, lang), 0);
	assert_int_equal(escpos_replaced(doc), 0);
	decode(doc, name, text, cap);
	escpos_free(doc);
}

static void test_ticket(void **state)
{
	(void)state;
	static char text[16384];
	char qr[128];
	struct receipt_ticket k = {
	    .number = "A042",
	    .service = "Permis et licences",
	    .issued_utc = at(2024, 11, 12, 9, 41),
	    .people_ahead = 3,
	    .wait_min = 10,
	    .wait_max = 20,
	    .where = "Salle d’attente B, 2e étage",
	    .follow_url = "https://central.example/q/A042",
	    .agency = "Centre de services de l’Ontario",
	};
	build_ticket(&k, LANG_FR, "ticket-fr", text, sizeof(text));
	assert_has(text, "Centre de services de l'Ontario"); /* the configured name, not ours */
	assert_null(strstr(text, "Accueil"));
	assert_has(text, "Votre numéro");
	assert_has(text, " A042 "); /* alone on its line, four times the size */
	assert_has(text, "Service\u00a0: Permis et licences");
	assert_has(text, "Pris le mardi 12 novembre 2024 à 9 h 41");
	assert_has(text, "3 personnes avant vous");
	assert_has(text, "Attente prévue\u00a0: de 10 à 20 minutes");
	assert_has(text, "Où attendre\u00a0: Salle d'attente B, 2e étage");
	qr_of("ticket-fr", qr, sizeof(qr));
	assert_string_equal(qr, k.follow_url);

	k.service = "Permits and licences";
	k.where = "Waiting room B, 2nd floor";
	k.people_ahead = 1;
	k.wait_min = k.wait_max = 5;
	k.priority = true;
	k.agency = "ServiceOntario Centre";
	build_ticket(&k, LANG_EN, "ticket-en", text, sizeof(text));
	assert_has(text, "ServiceOntario Centre");
	assert_has(text, "Your number");
	assert_has(text, " A042 ");
	assert_has(text, "Priority ticket");
	assert_has(text, "Taken on Tuesday, November 12, 2024 at 9:41 a.m.");
	assert_has(text, "1 person ahead of you");
	assert_has(text, "Expected wait: about 5 minutes");
	qr_of("ticket-en", qr, sizeof(qr));
	assert_string_equal(qr, k.follow_url);

	/* no one ahead, no follow link: no QR code at all */
	k.people_ahead = 0;
	k.wait_max = 0;
	k.follow_url = NULL;
	build_ticket(&k, LANG_EN, "ticket-en-noqr", text, sizeof(text));
	assert_has(text, "No one is ahead of you.");
	assert_has(text, "Your number will be called shortly.");
	assert_null(strstr(text, "[image"));
}

static void test_refused(void **state)
{
	(void)state;
	escpos_t *doc;
	struct receipt_request r = request;
	struct receipt_ticket k = {.number = "A042", .service = "S"};
	static char big[RECEIPT_FIELD_MAX + 2];
	memset(big, 'x', sizeof(big) - 1);
	assert_int_equal(escpos_new(48, 0, &doc), 0);
	r.reference = "4821935575"; /* check digit wrong */
	assert_int_equal(receipt_build_request(doc, &r, t, LANG_FR), -EINVAL);
	r.reference = "123";
	assert_int_equal(receipt_build_request(doc, &r, t, LANG_FR), -EINVAL);
	r.reference = "X123";
	r.provisional = true;
	assert_int_equal(receipt_build_request(doc, &r, t, LANG_FR), -EINVAL);
	r.reference = "K123";
	r.notice = big;
	assert_int_equal(receipt_build_request(doc, &r, t, LANG_FR), -EINVAL);
	r.notice = NULL;
	r.category = NULL;
	assert_int_equal(receipt_build_request(doc, &r, t, LANG_FR), -EINVAL);
	k.people_ahead = -1;
	assert_int_equal(receipt_build_ticket(doc, &k, t, LANG_FR), -EINVAL);
	k.people_ahead = 0;
	k.number = "A0420000000";
	assert_int_equal(receipt_build_ticket(doc, &k, t, LANG_FR), -EINVAL);
	size_t len;
	assert_non_null(escpos_bytes(doc, &len)); /* nothing was written */
	assert_int_equal(len, 0);
	escpos_free(doc);
	/* a document too small for a receipt: the cap, not a crash */
	assert_int_equal(escpos_new(48, 2048, &doc), 0);
	r.category = "C";
	r.reference = "K123";
	assert_int_equal(receipt_build_request(doc, &r, t, LANG_EN), -E2BIG);
	escpos_free(doc);
}

static void test_time_format(void **state)
{
	(void)state;
	char s[16];
	assert_int_equal(receipt_format_time(0, 5, LANG_EN, s, sizeof(s)), 10);
	assert_string_equal(s, "12:05 a.m.");
	receipt_format_time(12, 0, LANG_EN, s, sizeof(s));
	assert_string_equal(s, "12:00 p.m.");
	receipt_format_time(9, 7, LANG_FR, s, sizeof(s));
	assert_string_equal(s, "9 h 07");
	assert_int_equal(receipt_format_time(23, 59, LANG_FR, s, 4), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_receipt_fr),
	    cmocka_unit_test(test_receipt_en),
	    cmocka_unit_test(test_receipt_provisional),
	    cmocka_unit_test(test_ticket),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_time_format),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
