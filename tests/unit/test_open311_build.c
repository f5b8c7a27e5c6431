/* Open311 request builders: every field PROTOCOL.md §1 lists, encodings, limits. */
#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/services/open311.h"

#define UUID "6f1c1c7e-1a43-4a8e-9d71-0b6c0e0d4a11"

static struct open311_config config(void)
{
	struct open311_config c;

	memset(&c, 0, sizeof(c));
	snprintf(c.path, sizeof(c.path), "open311/v2/");
	snprintf(c.api_key, sizeof(c.api_key), "dev-key");
	snprintf(c.device_id, sizeof(c.device_id), "kiosk-07");
	snprintf(c.address, sizeof(c.address), "90 rue Sparks, Ottawa");
	c.idempotency_honoured = true;
	return c;
}

static const char *header(const struct net_request *req, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < NET_HEADERS_MAX; i++)
		if (strncmp(req->headers[i], name, n) == 0 && req->headers[i][n] == ':')
			return req->headers[i] + n + 2;
	return NULL;
}

static void test_services_request(void **s)
{
	struct open311_config c = config();
	struct net_request req;

	(void)s;
	snprintf(c.jurisdiction_id, sizeof(c.jurisdiction_id), "on.agco");
	assert_int_equal(open311_build_services(&c, LANG_FR, &req), 0);
	assert_int_equal(req.method, NET_GET);
	assert_string_equal(req.path, "open311/v2/services.json");
	assert_string_equal(req.query, "jurisdiction_id=on.agco&locale=fr&lang=fr");
	assert_string_equal(header(&req, "Accept-Language"), "fr");
	assert_true(req.retry_safe);
	assert_false(req.background);
	net_request_release(&req);
	assert_int_equal(open311_build_services(&c, LANG_EN, &req), 0);
	assert_string_equal(req.query, "jurisdiction_id=on.agco&locale=en&lang=en");
	net_request_release(&req);
}

static void test_ids_escaped_in_paths(void **s)
{
	struct open311_config c = config();
	struct net_request req;

	(void)s;
	assert_int_equal(open311_build_status(&c, "4821935576", LANG_EN, &req), 0);
	assert_string_equal(req.path, "open311/v2/requests/4821935576.json");
	net_request_release(&req);
	assert_int_equal(open311_build_status(&c, "../../x y?", LANG_EN, &req), 0);
	assert_string_equal(req.path, "open311/v2/requests/..%2F..%2Fx%20y%3F.json");
	net_request_release(&req);
	assert_int_equal(open311_build_definition(&c, "P/1", LANG_FR, &req), 0);
	assert_string_equal(req.path, "open311/v2/services/P%2F1.json");
	net_request_release(&req);
	assert_int_equal(open311_build_token(&c, "tok en", &req), 0);
	assert_string_equal(req.path, "open311/v2/tokens/tok%20en.json");
	net_request_release(&req);
	{
		/* An id whose encoding does not fit the path: refused, nothing to free. */
		char id[400];
		memset(id, '/', sizeof(id) - 1);
		id[sizeof(id) - 1] = '\0';
		memset(&req, 0xa5, sizeof(req));
		assert_int_equal(open311_build_status(&c, id, LANG_EN, &req), -ENAMETOOLONG);
		assert_null(req.body);
	}
	assert_int_equal(open311_build_status(&c, "", LANG_EN, &req), -EINVAL);
	assert_int_equal(open311_build_definition(&c, NULL, LANG_EN, &req), -EINVAL);
	assert_int_equal(open311_build_discovery(&c, &req), 0);
	assert_string_equal(req.path, "open311/v2/discovery.json");
	net_request_release(&req);
}

static void test_submit_all_fields(void **s)
{
	struct open311_config c = config();
	struct open311_submission sub = {
	    .service_code = "001",
	    .description = "Le comptoir était fermé à 14 h & personne n'a répondu.",
	    .first_name = "Élise",
	    .last_name = "Tremblay",
	    .email = "elise@example.ca",
	    .phone = "+1 613 555 0100",
	    .lang = LANG_FR,
	    .client_request_id = UUID,
	    .n_extra = 2,
	    .extra = {{"PLACE", "Ottawa", false}, {"TOPICS", "wait", true}},
	};
	struct net_request req;

	(void)s;
	c.has_location = true;
	c.lat = 45.4215;
	c.lon = -75.6972;
	assert_int_equal(open311_build_submit(&c, &sub, &req), 0);
	assert_int_equal(req.method, NET_POST);
	assert_string_equal(req.path, "open311/v2/requests.json");
	assert_string_equal(req.content_type, "application/x-www-form-urlencoded; charset=utf-8");
	assert_string_equal(header(&req, "Idempotency-Key"), UUID);
	assert_true(req.retry_safe); /* the deployment says the key is honoured */
	assert_non_null(req.body);
	assert_int_equal(req.body_len, strlen(req.body));
	assert_string_equal(
	    req.body,
	    "api_key=dev-key&service_code=001&description=Le%20comptoir%20%C3%A9tait%20ferm%C3%"
	    "A9%20%C3%A0%2014%20h%20%26%20personne%20n%27a%20r%C3%A9pondu.&first_name=%C3%89lise"
	    "&last_name=Tremblay&email=elise%40example.ca&phone=%2B1%20613%20555%200100"
	    "&address_string=90%20rue%20Sparks%2C%20Ottawa&address=90%20rue%20Sparks%2C%20Ottawa"
	    "&lat=45.421500&long=-75.697200&device_id=kiosk-07&attribute%5BLANGUAGE%5D=fr"
	    "&attribute%5BCLIENT_REQUEST_ID%5D=" UUID "&attribute%5BPLACE%5D=Ottawa"
	    "&attribute%5BTOPICS%5D%5B%5D=wait");
	net_request_release(&req);
	assert_null(req.body);
}

static void test_submit_minimal_anonymous(void **s)
{
	struct open311_config c = config();
	struct open311_submission sub = {
	    .service_code = "002", .lang = LANG_EN, .client_request_id = UUID, .first_name = ""};
	struct net_request req;

	(void)s;
	c.idempotency_honoured = false;
	c.address[0] = '\0';
	c.device_id[0] = '\0';
	assert_int_equal(open311_build_submit(&c, &sub, &req), 0);
	assert_false(req.retry_safe); /* never re-POSTed by net: looked up instead */
	assert_string_equal(req.body, "api_key=dev-key&service_code=002&attribute%5BLANGUAGE%5D=en"
	                              "&attribute%5BCLIENT_REQUEST_ID%5D=" UUID);
	net_request_release(&req);
}

static void test_submit_coordinates_ignore_locale(void **s)
{
	struct open311_config c = config();
	struct open311_submission sub = {.service_code = "1", .client_request_id = UUID};
	struct net_request req;

	(void)s;
	c.has_location = true;
	c.lat = -0.0000004;
	c.lon = 179.9999996;
	/* If a French numeric locale is installed, it must not turn '.' into ','. */
	setlocale(LC_NUMERIC, "fr_CA.UTF-8");
	assert_int_equal(open311_build_submit(&c, &sub, &req), 0);
	setlocale(LC_NUMERIC, "C");
	assert_non_null(strstr(req.body, "&lat=0.000000&long=180.000000&"));
	net_request_release(&req);
	c.lat = 91;
	assert_int_equal(open311_build_submit(&c, &sub, &req), -EINVAL);
}

static void test_submit_description_counted_in_characters(void **s)
{
	struct open311_config c = config();
	struct open311_submission sub = {.service_code = "1", .client_request_id = UUID};
	struct net_request req;
	char *d = malloc(4001 * 2 + 1);
	size_t i;

	(void)s;
	/* 4 000 "é" are 8 000 bytes but 4 000 characters: accepted. */
	for (i = 0; i < 4000; i++)
		memcpy(d + 2 * i, "\xc3\xa9", 2);
	d[8000] = '\0';
	sub.description = d;
	assert_int_equal(open311_build_submit(&c, &sub, &req), 0);
	net_request_release(&req);
	memcpy(d + 8000, "\xc3\xa9", 3);
	assert_int_equal(open311_build_submit(&c, &sub, &req), -E2BIG);
	d[8000] = '\0';
	d[10] = '\xff';
	assert_int_equal(open311_build_submit(&c, &sub, &req), -EILSEQ);
	free(d);
}

static void test_submit_rejects_bad_input(void **s)
{
	struct open311_config c = config();
	struct open311_submission sub = {.service_code = "1", .client_request_id = UUID};
	struct net_request req;

	(void)s;
	sub.client_request_id = "not-a-uuid";
	assert_int_equal(open311_build_submit(&c, &sub, &req), -EINVAL);
	sub.client_request_id = NULL;
	assert_int_equal(open311_build_submit(&c, &sub, &req), -EINVAL);
	sub.client_request_id = UUID;
	sub.service_code = "";
	assert_int_equal(open311_build_submit(&c, &sub, &req), -EINVAL);
	sub.service_code = "1";
	sub.email = "a\xc0\x80@b";
	assert_int_equal(open311_build_submit(&c, &sub, &req), -EILSEQ);
	sub.email = NULL;
	sub.n_extra = 1;
	sub.extra[0].code = "A]&x[";
	sub.extra[0].value = "v";
	assert_int_equal(open311_build_submit(&c, &sub, &req), -EINVAL);
}

static void test_lookup_request(void **s)
{
	struct open311_config c = config();
	struct net_request req;

	(void)s;
	/* 2024-03-12T14:15:00Z */
	assert_int_equal(open311_build_lookup(&c, "001", 1710252900, UUID, &req), 0);
	assert_string_equal(req.path, "open311/v2/requests.json");
	assert_string_equal(req.query, "service_code=001&start_date=2024-03-12T14%3A15%3A00Z"
	                               "&device_id=kiosk-07&client_request_id=" UUID);
	assert_true(req.retry_safe);
	net_request_release(&req);
	assert_int_equal(open311_build_lookup(&c, "001", 0, "x", &req), -EINVAL);
}

static void test_uuid_v4(void **s)
{
	char a[OPEN311_UUID_LEN + 1], b[OPEN311_UUID_LEN + 1];
	size_t i;

	(void)s;
	assert_int_equal(open311_new_client_request_id(a, sizeof(a)), 0);
	assert_int_equal(open311_new_client_request_id(b, sizeof(b)), 0);
	assert_int_equal(strlen(a), 36);
	assert_string_not_equal(a, b);
	assert_int_equal(a[14], '4');
	assert_non_null(strchr("89ab", a[19]));
	for (i = 0; i < 36; i++)
		assert_true(i == 8 || i == 13 || i == 18 || i == 23
		                ? a[i] == '-'
		                : strchr("0123456789abcdef", a[i]) != NULL);
	assert_int_equal(open311_new_client_request_id(a, 36), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_services_request),
	    cmocka_unit_test(test_ids_escaped_in_paths),
	    cmocka_unit_test(test_submit_all_fields),
	    cmocka_unit_test(test_submit_minimal_anonymous),
	    cmocka_unit_test(test_submit_coordinates_ignore_locale),
	    cmocka_unit_test(test_submit_description_counted_in_characters),
	    cmocka_unit_test(test_submit_rejects_bad_input),
	    cmocka_unit_test(test_lookup_request),
	    cmocka_unit_test(test_uuid_v4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
