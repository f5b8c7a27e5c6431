/* Open311 reply parsers: every quirk of PROTOCOL.md §1, one test each, on hand-made results
 * (no network). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/core/calendar.h"
#include "firmware/services/open311.h"

static struct net_result reply(long status, const char *ctype, const char *body)
{
	struct net_result r;

	memset(&r, 0, sizeof(r));
	r.error = NET_OK;
	r.status = status;
	r.body = (char *)body;
	r.body_len = body != NULL ? strlen(body) : 0;
	snprintf(r.content_type, sizeof(r.content_type), "%s", ctype ? ctype : "");
	r.attempts = 1;
	r.maybe_sent = true;
	return r;
}

static struct net_result json(long status, const char *body)
{
	return reply(status, "application/json", body);
}

static struct net_result failed(enum net_error e, bool maybe_sent)
{
	struct net_result r = reply(0, NULL, NULL);

	r.error = e;
	r.maybe_sent = maybe_sent;
	return r;
}

static int64_t iso(const char *s)
{
	int64_t t = 0;

	assert_int_equal(calendar_parse_iso8601(s, strlen(s), &t, NULL), 0);
	return t;
}

/* ---- submit ---- */

static void submit_ok(struct net_result r, const char *id, const char *token, const char *notice)
{
	struct open311_submit_result out;
	struct net_api_status st;

	assert_int_equal(open311_parse_submit(&r, &out, &st), NET_API_OK);
	assert_int_equal(st.error, NET_API_OK);
	assert_string_equal(out.service_request_id, id);
	assert_string_equal(out.token, token);
	assert_string_equal(out.service_notice, notice);
}

static void test_submit_standard_201(void **s)
{
	(void)s;
	submit_ok(json(201, "[{\"service_request_id\":\"4821935576\",\"service_notice\":\"Merci\","
	                    "\"account_id\":null}]"),
	          "4821935576", "", "Merci");
}

static void test_submit_200_also_success(void **s)
{
	(void)s;
	submit_ok(json(200, "[{\"service_request_id\":\"42\"}]"), "42", "", "");
}

static void test_submit_id_as_number(void **s)
{
	(void)s;
	submit_ok(json(201, "[{\"service_request_id\":4821935576}]"), "4821935576", "", "");
	submit_ok(json(201, "[{\"service_request_id\":-7}]"), "-7", "", "");
}

static void test_submit_bare_object(void **s)
{
	(void)s;
	submit_ok(json(201, "{\"service_request_id\":\"99\",\"service_notice\":\"ok\"}"), "99", "",
	          "ok");
}

static void test_submit_token_only(void **s)
{
	(void)s;
	submit_ok(json(201, "[{\"token\":12345}]"), "", "12345", "");
	submit_ok(json(200, "[{\"service_request_id\":null,\"token\":\"abc\"}]"), "", "abc", "");
	submit_ok(json(200, "[{\"service_request_id\":\"\",\"token\":\"abc\"}]"), "", "abc", "");
}

static void test_submit_wrapped_list(void **s)
{
	(void)s;
	submit_ok(json(201, "{\"service_requests\":[{\"service_request_id\":\"7\"}]}"), "7", "",
	          "");
}

static void test_submit_wrong_content_type(void **s)
{
	(void)s;
	/* JSON labelled as HTML or text: read by content, not by label. */
	submit_ok(reply(201, "text/html", "[{\"service_request_id\":\"5\"}]"), "5", "", "");
	submit_ok(reply(201, NULL, " \n[{\"service_request_id\":\"6\"}]\n"), "6", "", "");
}

static void expect_submit_error(struct net_result r, int err, long status, const char *code,
                                const char *message)
{
	struct open311_submit_result out;
	struct net_api_status st;

	memset(&out, 0x5a, sizeof(out));
	assert_int_equal(open311_parse_submit(&r, &out, &st), err);
	assert_int_equal(st.error, err);
	assert_int_equal(st.http_status, status);
	assert_string_equal(st.code, code);
	assert_string_equal(st.message, message);
	/* out is untouched on error */
	assert_int_equal((unsigned char)out.service_request_id[0], 0x5a);
}

static void test_error_standard_array(void **s)
{
	(void)s;
	expect_submit_error(json(400, "[{\"code\":400,\"description\":\"service_code missing\"}]"),
	                    NET_API_EREJECTED, 400, "400", "service_code missing");
}

static void test_error_code_detail(void **s)
{
	(void)s;
	expect_submit_error(json(422, "{\"code\":\"invalid\",\"detail\":\"Bad e-mail\"}"),
	                    NET_API_EREJECTED, 422, "invalid", "Bad e-mail");
}

static void test_error_type_code_message(void **s)
{
	(void)s;
	expect_submit_error(
	    json(400, "{\"type\":\"ValidationError\",\"code\":1002,\"message\":\"Too long\"}"),
	    NET_API_EREJECTED, 400, "1002", "Too long");
}

static void test_error_message_only(void **s)
{
	(void)s;
	expect_submit_error(json(403, "{\"message\":\"Forbidden\"}"), NET_API_EREJECTED, 403, "",
	                    "Forbidden");
}

static void test_error_nested_shapes(void **s)
{
	(void)s;
	expect_submit_error(json(400, "{\"error\":{\"code\":\"E1\",\"message\":\"Nope\"}}"),
	                    NET_API_EREJECTED, 400, "E1", "Nope");
	expect_submit_error(json(400, "{\"errors\":[{\"code\":7,\"detail\":\"Missing\"}]}"),
	                    NET_API_EREJECTED, 400, "7", "Missing");
	expect_submit_error(json(400, "{\"error\":\"invalid_key\",\"error_description\":\"Bad "
	                              "key\"}"),
	                    NET_API_EREJECTED, 400, "", "Bad key");
	expect_submit_error(json(400, "\"just a string\""), NET_API_EREJECTED, 400, "",
	                    "just a string");
}

static void test_error_html_page(void **s)
{
	(void)s;
	/* Never shown to a visitor: the status decides. */
	expect_submit_error(
	    reply(400, "text/html", "<html><body><h1>400 Bad Request</h1></body></html>"),
	    NET_API_EREJECTED, 400, "", "");
	expect_submit_error(reply(503, "text/html", "<html>Service Unavailable</html>"),
	                    NET_API_ESERVER, 503, "", "");
	expect_submit_error(reply(500, "text/plain", ""), NET_API_EUNCONFIRMED, 500, "", "");
}

static void test_error_bad_api_key_400_or_403(void **s)
{
	(void)s;
	expect_submit_error(json(400, "[{\"code\":400,\"description\":\"Invalid api_key\"}]"),
	                    NET_API_EREJECTED, 400, "400", "Invalid api_key");
	expect_submit_error(json(403, "[{\"code\":403,\"description\":\"Invalid api_key\"}]"),
	                    NET_API_EREJECTED, 403, "403", "Invalid api_key");
	expect_submit_error(json(401, ""), NET_API_EREJECTED, 401, "", "");
}

static void test_error_unknown_service_400_403_404(void **s)
{
	(void)s;
	expect_submit_error(json(400, "[{\"code\":400,\"description\":\"unknown service\"}]"),
	                    NET_API_EREJECTED, 400, "400", "unknown service");
	expect_submit_error(json(403, "[{\"code\":403,\"description\":\"unknown service\"}]"),
	                    NET_API_EREJECTED, 403, "403", "unknown service");
	expect_submit_error(json(404, "[{\"code\":404,\"description\":\"unknown service\"}]"),
	                    NET_API_ENOTFOUND, 404, "404", "unknown service");
}

static void test_submit_lost_answer_unconfirmed(void **s)
{
	(void)s;
	expect_submit_error(failed(NET_ERR_TIMEOUT, true), NET_API_EUNCONFIRMED, 0, "", "");
	expect_submit_error(failed(NET_ERR_RECV, true), NET_API_EUNCONFIRMED, 0, "", "");
	expect_submit_error(json(502, ""), NET_API_EUNCONFIRMED, 502, "", "");
	expect_submit_error(json(504, ""), NET_API_EUNCONFIRMED, 504, "", "");
	/* Accepted but unreadable: it exists, its id is unknown. */
	expect_submit_error(json(201, "[{\"service_request_id\":\"12"), NET_API_EUNCONFIRMED, 201,
	                    "", "");
	expect_submit_error(json(201, "[]"), NET_API_EUNCONFIRMED, 201, "", "");
	expect_submit_error(json(201, "[{\"service_notice\":\"thanks\"}]"), NET_API_EUNCONFIRMED,
	                    201, "", "");
	expect_submit_error(reply(200, "text/html", "<html>OK</html>"), NET_API_EUNCONFIRMED, 200,
	                    "", "");
}

static void test_submit_not_sent_is_offline(void **s)
{
	(void)s;
	expect_submit_error(failed(NET_ERR_CONNECT, false), NET_API_EOFFLINE, 0, "", "");
	expect_submit_error(failed(NET_ERR_TIMEOUT, false), NET_API_ETIMEOUT, 0, "", "");
	expect_submit_error(failed(NET_ERR_CERT_TIME, false), NET_API_ESECURITY, 0, "", "");
	expect_submit_error(failed(NET_ERR_PIN, false), NET_API_ESECURITY, 0, "", "");
	expect_submit_error(failed(NET_ERR_CANCELLED, false), NET_API_ECANCELLED, 0, "", "");
	expect_submit_error(json(429, "{}"), NET_API_ESERVER, 429, "", "");
}

static void test_submit_id_too_long(void **s)
{
	char body[400];

	(void)s;
	snprintf(body, sizeof(body), "[{\"service_request_id\":\"%0200d\"}]", 1);
	/* A cut id would point at someone else's request: refused, not truncated. */
	expect_submit_error(json(201, body), NET_API_EUNCONFIRMED, 201, "", "");
}

/* ---- status ---- */

static void test_status_full(void **s)
{
	struct net_result r = json(
	    200, "[{\"service_request_id\":\"4821935576\",\"status\":\"open\",\"status_notes\":"
	         "\"En cours d'analyse\",\"service_name\":\"Plainte\",\"service_code\":\"001\","
	         "\"agency_responsible\":\"AGCO\",\"service_notice\":null,"
	         "\"requested_datetime\":\"2024-03-12T10:15:00-04:00\","
	         "\"updated_datetime\":\"2024-03-13T14:02:11.123456Z\","
	         "\"expected_datetime\":\"2024-03-26T17:00:00.5+05:30\","
	         "\"description\":\"secret\",\"email\":\"a@b.c\"}]");
	struct open311_request out;
	struct net_api_status st;

	(void)s;
	assert_int_equal(open311_parse_status(&r, "4821935576", &out, &st), NET_API_OK);
	assert_string_equal(out.service_request_id, "4821935576");
	assert_int_equal(out.status, OPEN311_STATUS_OPEN);
	assert_string_equal(out.status_notes, "En cours d'analyse");
	assert_string_equal(out.service_name, "Plainte");
	assert_string_equal(out.agency_responsible, "AGCO");
	assert_string_equal(out.service_notice, "");
	assert_true(out.requested.valid);
	assert_int_equal(out.requested.utc, iso("2024-03-12T14:15:00Z"));
	assert_int_equal(out.requested.offset_min, -240);
	assert_true(out.updated.valid);
	assert_int_equal(out.updated.utc, iso("2024-03-13T14:02:11Z"));
	assert_int_equal(out.expected.utc, iso("2024-03-26T11:30:00Z"));
	assert_int_equal(out.expected.offset_min, 330);
	assert_int_equal(open311_progress_of(&out, NULL, 0), OPEN311_PROGRESS_IN_PROGRESS);
}

static void test_status_empty_array_is_not_found(void **s)
{
	struct net_result r = json(200, "[]");
	struct open311_request out;
	struct net_api_status st;

	(void)s;
	assert_int_equal(open311_parse_status(&r, "1", &out, &st), NET_API_ENOTFOUND);
	assert_int_equal(st.http_status, 200);
	r = json(200, "  ");
	assert_int_equal(open311_parse_status(&r, "1", &out, &st), NET_API_ENOTFOUND);
	r = json(404, "[{\"code\":404,\"description\":\"not found\"}]");
	assert_int_equal(open311_parse_status(&r, "1", &out, &st), NET_API_ENOTFOUND);
	assert_string_equal(st.message, "not found");
	r = reply(404, "text/html", "<h1>Not Found</h1>");
	assert_int_equal(open311_parse_status(&r, "1", &out, &st), NET_API_ENOTFOUND);
}

static void test_status_missing_null_empty_alike(void **s)
{
	const char *bodies[] = {
	    "[{\"service_request_id\":\"9\",\"status\":\"closed\"}]",
	    "[{\"service_request_id\":\"9\",\"status\":\"closed\",\"status_notes\":null,"
	    "\"updated_datetime\":null,\"agency_responsible\":null}]",
	    "[{\"service_request_id\":\"9\",\"status\":\"closed\",\"status_notes\":\"\","
	    "\"updated_datetime\":\"\",\"agency_responsible\":\"\"}]",
	};
	struct open311_request out;
	size_t i;

	(void)s;
	for (i = 0; i < 3; i++) {
		struct net_result r = json(200, bodies[i]);
		assert_int_equal(open311_parse_status(&r, "9", &out, NULL), NET_API_OK);
		assert_int_equal(out.status, OPEN311_STATUS_CLOSED);
		assert_string_equal(out.status_notes, "");
		assert_string_equal(out.agency_responsible, "");
		assert_false(out.updated.valid);
		assert_int_equal(open311_progress_of(&out, NULL, 0),
		                 OPEN311_PROGRESS_CLOSED_ANSWERED);
	}
}

static void test_status_bare_object_and_numbers(void **s)
{
	struct net_result r = json(200, "{\"service_request_id\":77,\"status\":\"Open\","
	                                "\"service_code\":12}");
	struct open311_request out;

	(void)s;
	assert_int_equal(open311_parse_status(&r, "77", &out, NULL), NET_API_OK);
	assert_string_equal(out.service_request_id, "77");
	assert_int_equal(out.status, OPEN311_STATUS_OPEN);
	assert_string_equal(out.service_code, "12");
	assert_int_equal(open311_progress_of(&out, NULL, 0), OPEN311_PROGRESS_RECEIVED);
}

static void test_status_picks_wanted_item(void **s)
{
	struct net_result r = json(200, "[{\"service_request_id\":\"1\",\"status\":\"open\"},"
	                                "{\"service_request_id\":\"2\",\"status\":\"closed\"}]");
	struct open311_request out;

	(void)s;
	assert_int_equal(open311_parse_status(&r, "2", &out, NULL), NET_API_OK);
	assert_int_equal(out.status, OPEN311_STATUS_CLOSED);
	/* Another request's status is never shown for ours. */
	assert_int_equal(open311_parse_status(&r, "3", &out, NULL), NET_API_ENOTFOUND);
	assert_int_equal(open311_parse_status(&r, NULL, &out, NULL), NET_API_OK);
	assert_string_equal(out.service_request_id, "1");
	/* Numbers lose leading zeros; all-digit ids still match. */
	r = json(200, "[{\"service_request_id\":482193557,\"status\":\"open\"}]");
	assert_int_equal(open311_parse_status(&r, "0482193557", &out, NULL), NET_API_OK);
	r = json(200, "[{\"status\":\"closed\"}]");
	assert_int_equal(open311_parse_status(&r, "0482193557", &out, NULL), NET_API_OK);
	assert_string_equal(out.service_request_id, "0482193557");
}

static void test_status_bad_replies(void **s)
{
	const char *bodies[] = {"[{\"service_request_id\":\"1\",", "<html>oops</html>", "[1,",
	                        "nul", "[{}]x"};
	struct open311_request out;
	size_t i;

	(void)s;
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct net_result r = json(200, bodies[i]);
		assert_int_equal(open311_parse_status(&r, "1", &out, NULL), NET_API_EBADREPLY);
	}
	{
		struct net_result r = failed(NET_ERR_TOO_LARGE, true);
		assert_int_equal(open311_parse_status(&r, "1", &out, NULL), NET_API_EBADREPLY);
		r = failed(NET_ERR_TIMEOUT, true);
		assert_int_equal(open311_parse_status(&r, "1", &out, NULL), NET_API_ETIMEOUT);
		r = failed(NET_ERR_CONNECT, false);
		assert_int_equal(open311_parse_status(&r, "1", &out, NULL), NET_API_EOFFLINE);
	}
}

static void test_status_too_deep(void **s)
{
	char body[256];
	size_t i, n = 0;
	struct open311_request out;

	(void)s;
	for (i = 0; i < 40; i++)
		body[n++] = '[';
	for (i = 0; i < 40; i++)
		body[n++] = ']';
	body[n] = '\0';
	struct net_result r = json(200, body);
	assert_int_equal(open311_parse_status(&r, "1", &out, NULL), NET_API_EBADREPLY);
}

static void test_status_text_sanitised(void **s)
{
	struct net_result r =
	    json(200, "[{\"service_request_id\":\"1\",\"status\":\"open\","
	              "\"status_notes\":\"  a\\u0007b\\r\\nc\\td \\u00e9t\\u00e9 \"}]");
	struct open311_request out;

	(void)s;
	assert_int_equal(open311_parse_status(&r, "1", &out, NULL), NET_API_OK);
	assert_string_equal(out.status_notes, "a b \nc d été");
	{
		/* Raw invalid UTF-8 inside a JSON string. */
		struct net_result r2 = json(200, "[{\"service_request_id\":\"1\",\"status_notes\":"
		                                 "\"ok\xff\xc3x\"}]");
		assert_int_equal(open311_parse_status(&r2, "1", &out, NULL), NET_API_OK);
		assert_string_equal(out.status_notes, "ok??x");
	}
}

static void test_progress_rules(void **s)
{
	struct open311_request r;
	const struct open311_progress_rule mine[] = {
	    {"open", "dossier transmis au service", OPEN311_PROGRESS_WAITING_FOR_YOU},
	};

	(void)s;
	memset(&r, 0, sizeof(r));
	r.status = OPEN311_STATUS_CLOSED;
	snprintf(r.status_raw, sizeof(r.status_raw), "closed");
	snprintf(r.status_notes, sizeof(r.status_notes), "Referred to the City of Ottawa");
	assert_int_equal(open311_progress_of(&r, NULL, 0), OPEN311_PROGRESS_CLOSED_REFERRED);
	snprintf(r.status_notes, sizeof(r.status_notes), "Dossier transféré à la Ville");
	assert_int_equal(open311_progress_of(&r, NULL, 0), OPEN311_PROGRESS_CLOSED_REFERRED);
	snprintf(r.status_notes, sizeof(r.status_notes), "Answered by phone");
	assert_int_equal(open311_progress_of(&r, NULL, 0), OPEN311_PROGRESS_CLOSED_ANSWERED);
	r.status = OPEN311_STATUS_OPEN;
	snprintf(r.status_raw, sizeof(r.status_raw), "open");
	snprintf(r.status_notes, sizeof(r.status_notes), "We need more information from you");
	assert_int_equal(open311_progress_of(&r, NULL, 0), OPEN311_PROGRESS_WAITING_FOR_YOU);
	snprintf(r.status_notes, sizeof(r.status_notes), "Dossier transmis au service juridique");
	assert_int_equal(open311_progress_of(&r, NULL, 0), OPEN311_PROGRESS_RECEIVED);
	assert_int_equal(open311_progress_of(&r, mine, 1), OPEN311_PROGRESS_WAITING_FOR_YOU);
	r.status = OPEN311_STATUS_OTHER;
	snprintf(r.status_raw, sizeof(r.status_raw), "acknowledged");
	r.status_notes[0] = '\0';
	assert_int_equal(open311_progress_of(&r, NULL, 0), OPEN311_PROGRESS_IN_PROGRESS);
}

/* ---- services, definitions, tokens, discovery ---- */

static void test_services(void **s)
{
	struct net_result r = json(
	    200, "[{\"service_code\":\"001\",\"service_name\":\"Plainte\",\"description\":"
	         "\"Au sujet de l'agence\",\"metadata\":true,\"type\":\"realtime\",\"keywords\":"
	         "\"a,b\",\"group\":\"Plaintes\",\"required\":[\"first_name\",\"last_name\","
	         "\"phone\",\"email\"],\"standard\":\"complaint_agency\",\"standard_days\":10},"
	         "{\"service_code\":2,\"service_name\":null,\"metadata\":\"false\",\"type\":"
	         "\"BATCH\",\"standard_days\":\"25\"},"
	         "{\"service_name\":\"no code: skipped\"},"
	         "{\"service_code\":\"\",\"service_name\":\"empty code: skipped\"}]");
	struct open311_services *out = NULL;
	struct net_api_status st;

	(void)s;
	assert_int_equal(open311_parse_services(&r, &out, &st), NET_API_OK);
	assert_non_null(out);
	assert_int_equal(out->count, 2);
	assert_string_equal(out->items[0].code, "001");
	assert_string_equal(out->items[0].name, "Plainte");
	assert_string_equal(out->items[0].group, "Plaintes");
	assert_true(out->items[0].metadata);
	assert_int_equal(out->items[0].required, OPEN311_FIELD_FIRST_NAME |
	                                             OPEN311_FIELD_LAST_NAME | OPEN311_FIELD_PHONE |
	                                             OPEN311_FIELD_EMAIL);
	assert_string_equal(out->items[0].standard, "complaint_agency");
	assert_int_equal(out->items[0].standard_days, 10);
	assert_string_equal(out->items[1].code, "2");
	assert_string_equal(out->items[1].name, "2"); /* no name: the code stands in */
	assert_false(out->items[1].metadata);
	assert_int_equal(out->items[1].type, OPEN311_TYPE_BATCH);
	assert_int_equal(out->items[1].standard_days, 25);
	open311_services_free(out);

	/* Bare object, wrapped list, empty catalogue. */
	r = json(200, "{\"service_code\":\"X\",\"service_name\":\"Only\"}");
	assert_int_equal(open311_parse_services(&r, &out, NULL), NET_API_OK);
	assert_int_equal(out->count, 1);
	assert_int_equal(out->items[0].standard_days, -1);
	open311_services_free(out);
	r = json(200, "{\"services\":[{\"service_code\":\"A\"},{\"service_code\":\"B\"}]}");
	assert_int_equal(open311_parse_services(&r, &out, NULL), NET_API_OK);
	assert_int_equal(out->count, 2);
	open311_services_free(out);
	r = json(200, "[]");
	assert_int_equal(open311_parse_services(&r, &out, NULL), NET_API_OK);
	assert_int_equal(out->count, 0);
	open311_services_free(out);
	open311_services_free(NULL);

	out = NULL;
	r = reply(500, "text/html", "<html>down</html>");
	assert_int_equal(open311_parse_services(&r, &out, &st), NET_API_ESERVER);
	assert_null(out);
	r = json(200, "[{\"service_code\":\"A\"");
	assert_int_equal(open311_parse_services(&r, &out, &st), NET_API_EBADREPLY);
	assert_null(out);
}

static void test_services_cap(void **s)
{
	char *body = malloc(100 * 32 + 16);
	size_t n = 0, i;
	struct open311_services *out = NULL;

	(void)s;
	body[n++] = '[';
	for (i = 0; i < 100; i++)
		n +=
		    (size_t)snprintf(body + n, 32, "%s{\"service_code\":\"%zu\"}", i ? "," : "", i);
	body[n++] = ']';
	body[n] = '\0';
	struct net_result r = json(200, body);
	assert_int_equal(open311_parse_services(&r, &out, NULL), NET_API_OK);
	assert_int_equal(out->count, OPEN311_SERVICES_MAX);
	assert_true(out->truncated);
	open311_services_free(out);
	free(body);
}

static void test_definition(void **s)
{
	struct net_result r = json(
	    200, "{\"service_code\":\"003\",\"attributes\":[{\"variable\":true,\"code\":"
	         "\"LANGUAGE\",\"datatype\":\"singlevaluelist\",\"required\":false,"
	         "\"datatype_description\":null,\"order\":1,\"description\":\"Langue\","
	         "\"values\":[{\"key\":\"fr\",\"name\":\"Français\"},{\"key\":\"en\",\"name\":"
	         "\"English\"}]},{\"code\":\"CLIENT_REQUEST_ID\",\"datatype\":\"string\","
	         "\"required\":\"true\",\"order\":\"2\"},{\"code\":5,\"datatype\":\"weird\","
	         "\"variable\":false,\"values\":[{\"key\":1}]},{\"description\":\"no code\"}]}");
	struct open311_definition *d = NULL;

	(void)s;
	assert_int_equal(open311_parse_definition(&r, &d, NULL), NET_API_OK);
	assert_string_equal(d->service_code, "003");
	assert_int_equal(d->count, 3);
	assert_string_equal(d->attrs[0].code, "LANGUAGE");
	assert_int_equal(d->attrs[0].datatype, OPEN311_DT_SINGLEVALUELIST);
	assert_int_equal(d->attrs[0].n_values, 2);
	assert_string_equal(d->attrs[0].values[0].name, "Français");
	assert_true(d->attrs[0].variable);
	assert_true(d->attrs[1].required);
	assert_int_equal(d->attrs[1].order, 2);
	assert_string_equal(d->attrs[2].code, "5");
	assert_int_equal(d->attrs[2].datatype, OPEN311_DT_UNKNOWN);
	assert_false(d->attrs[2].variable);
	assert_string_equal(d->attrs[2].values[0].name, "1");
	open311_definition_free(d);

	/* Definitions are optional on servers. */
	d = NULL;
	r = json(404, "");
	assert_int_equal(open311_parse_definition(&r, &d, NULL), NET_API_EUNSUPPORTED);
	r = reply(501, "text/html", "<h1>Not Implemented</h1>");
	assert_int_equal(open311_parse_definition(&r, &d, NULL), NET_API_EUNSUPPORTED);
	assert_null(d);
	r = json(200, "[{\"service_code\":\"1\",\"attributes\":[]}]");
	assert_int_equal(open311_parse_definition(&r, &d, NULL), NET_API_OK);
	assert_int_equal(d->count, 0);
	open311_definition_free(d);
}

static void test_token(void **s)
{
	struct open311_submit_result out;
	struct net_result r = json(200, "[{\"service_request_id\":123,\"token\":\"t1\"}]");

	(void)s;
	assert_int_equal(open311_parse_token(&r, &out, NULL), NET_API_OK);
	assert_string_equal(out.service_request_id, "123");
	r = json(200, "[{\"token\":\"t1\"}]");
	assert_int_equal(open311_parse_token(&r, &out, NULL), NET_API_OK);
	assert_string_equal(out.service_request_id, ""); /* not yet: poll again */
	r = json(200, "[]");
	assert_int_equal(open311_parse_token(&r, &out, NULL), NET_API_OK);
	assert_string_equal(out.service_request_id, "");
	r = json(404, "");
	assert_int_equal(open311_parse_token(&r, &out, NULL), NET_API_EUNSUPPORTED);
	r = json(501, "");
	assert_int_equal(open311_parse_token(&r, &out, NULL), NET_API_EUNSUPPORTED);
}

static void test_discovery(void **s)
{
	struct open311_discovery d;
	struct net_result r = json(200, "{\"changeset\":\"2024-01-01T00:00:00Z\",\"contact\":"
	                                "\"311@example\",\"endpoints\":[]}");

	(void)s;
	assert_int_equal(open311_parse_discovery(&r, &d, NULL), NET_API_OK);
	assert_string_equal(d.contact, "311@example");
	r = json(404, "");
	assert_int_equal(open311_parse_discovery(&r, &d, NULL), NET_API_EUNSUPPORTED);
	r = json(501, "");
	assert_int_equal(open311_parse_discovery(&r, &d, NULL), NET_API_EUNSUPPORTED);
}

/* ---- lookup after a lost answer ---- */

static void test_lookup(void **s)
{
	const char *mine = "11111111-2222-4333-8444-555555555555";
	char id[64];
	struct net_result r;

	(void)s;
	r = json(200, "[{\"service_request_id\":\"1\",\"client_request_id\":\"other\"},"
	              "{\"service_request_id\":4821935576,\"client_request_id\":"
	              "\"11111111-2222-4333-8444-555555555555\"}]");
	assert_int_equal(open311_parse_lookup(&r, mine, id, sizeof(id), NULL), NET_API_OK);
	assert_string_equal(id, "4821935576");
	r = json(200, "[{\"service_request_id\":\"8\",\"attributes\":{\"CLIENT_REQUEST_ID\":"
	              "\"11111111-2222-4333-8444-555555555555\"}}]");
	assert_int_equal(open311_parse_lookup(&r, mine, id, sizeof(id), NULL), NET_API_OK);
	assert_string_equal(id, "8");
	r = json(200, "[{\"service_request_id\":\"9\",\"attributes\":[{\"code\":\"LANGUAGE\","
	              "\"value\":\"fr\"},{\"code\":\"CLIENT_REQUEST_ID\",\"value\":"
	              "\"11111111-2222-4333-8444-555555555555\"}]}]");
	assert_int_equal(open311_parse_lookup(&r, mine, id, sizeof(id), NULL), NET_API_OK);
	assert_string_equal(id, "9");
	/* The server says whose items are whose, and none is ours: it was never created. */
	r = json(200, "[{\"service_request_id\":\"1\",\"client_request_id\":\"other\"}]");
	assert_int_equal(open311_parse_lookup(&r, mine, id, sizeof(id), NULL), NET_API_ENOTFOUND);
	r = json(200, "[]");
	assert_int_equal(open311_parse_lookup(&r, mine, id, sizeof(id), NULL), NET_API_ENOTFOUND);
	/* Items that do not say: cannot be confirmed either way. */
	r = json(200, "[{\"service_request_id\":\"1\"}]");
	assert_int_equal(open311_parse_lookup(&r, mine, id, sizeof(id), NULL),
	                 NET_API_EUNCONFIRMED);
	r = json(404, "");
	assert_int_equal(open311_parse_lookup(&r, mine, id, sizeof(id), NULL),
	                 NET_API_EUNCONFIRMED);
	r = failed(NET_ERR_CONNECT, false);
	assert_int_equal(open311_parse_lookup(&r, mine, id, sizeof(id), NULL), NET_API_EOFFLINE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_submit_standard_201),
	    cmocka_unit_test(test_submit_200_also_success),
	    cmocka_unit_test(test_submit_id_as_number),
	    cmocka_unit_test(test_submit_bare_object),
	    cmocka_unit_test(test_submit_token_only),
	    cmocka_unit_test(test_submit_wrapped_list),
	    cmocka_unit_test(test_submit_wrong_content_type),
	    cmocka_unit_test(test_error_standard_array),
	    cmocka_unit_test(test_error_code_detail),
	    cmocka_unit_test(test_error_type_code_message),
	    cmocka_unit_test(test_error_message_only),
	    cmocka_unit_test(test_error_nested_shapes),
	    cmocka_unit_test(test_error_html_page),
	    cmocka_unit_test(test_error_bad_api_key_400_or_403),
	    cmocka_unit_test(test_error_unknown_service_400_403_404),
	    cmocka_unit_test(test_submit_lost_answer_unconfirmed),
	    cmocka_unit_test(test_submit_not_sent_is_offline),
	    cmocka_unit_test(test_submit_id_too_long),
	    cmocka_unit_test(test_status_full),
	    cmocka_unit_test(test_status_empty_array_is_not_found),
	    cmocka_unit_test(test_status_missing_null_empty_alike),
	    cmocka_unit_test(test_status_bare_object_and_numbers),
	    cmocka_unit_test(test_status_picks_wanted_item),
	    cmocka_unit_test(test_status_bad_replies),
	    cmocka_unit_test(test_status_too_deep),
	    cmocka_unit_test(test_status_text_sanitised),
	    cmocka_unit_test(test_progress_rules),
	    cmocka_unit_test(test_services),
	    cmocka_unit_test(test_services_cap),
	    cmocka_unit_test(test_definition),
	    cmocka_unit_test(test_token),
	    cmocka_unit_test(test_discovery),
	    cmocka_unit_test(test_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
