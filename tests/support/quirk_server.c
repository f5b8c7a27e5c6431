/* Scripted HTTPS server for the network quirk tests. Thread per connection, one mutex over the
 * routes; replies are chosen under the lock and sent outside it. */
#include "tests/support/quirk_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "firmware/services/net.h"

#define QUIRK_ROUTES_MAX  64
#define QUIRK_REPLIES_MAX 8
#define QUIRK_BODY_MAX    (sizeof(((struct quirk_request *)0)->body) - 1)

struct reply_copy {
	struct quirk_reply r;
	char *content_type;
	char *body;
	char *headers[QUIRK_HEADERS_MAX];
};

struct route {
	char method[8];
	char path[256];
	struct reply_copy replies[QUIRK_REPLIES_MAX];
	unsigned n_replies;
	unsigned hits;
	bool has_last;
	struct quirk_request last;
};

struct quirk_server {
	struct MHD_Daemon *daemon;
	char *cert_pem;
	char *key_pem;
	char url[64];
	pthread_mutex_t lock;
	atomic_bool stopping;
	struct route routes[QUIRK_ROUTES_MAX];
	unsigned n_routes;
};

/* Per-connection upload state. */
struct upload {
	char *body;
	size_t len;
	size_t cap;
};

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < 1 << 20 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf != NULL) {
			if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
				free(buf);
				buf = NULL;
			} else {
				buf[n] = '\0';
			}
		}
	}
	fclose(f);
	return buf;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static struct route *find_route(struct quirk_server *qs, const char *method, const char *path)
{
	unsigned i;

	for (i = 0; i < qs->n_routes; i++)
		if (strcmp(qs->routes[i].method, method) == 0 &&
		    strcmp(qs->routes[i].path, path) == 0)
			return &qs->routes[i];
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

int quirk_server_add(struct quirk_server *qs, const char *method, const char *path,
                     const struct quirk_reply *reply)
{
	struct route *rt;
	struct reply_copy *rc;
	int i, err = 0;

	pthread_mutex_lock(&qs->lock);
	rt = find_route(qs, method, path);
	if (rt == NULL) {
		if (qs->n_routes == QUIRK_ROUTES_MAX || strlen(method) >= sizeof(rt->method) ||
		    strlen(path) >= sizeof(rt->path)) {
			err = -ENOSPC;
			goto out;
		}
		rt = &qs->routes[qs->n_routes++];
		memset(rt, 0, sizeof(*rt));
		snprintf(rt->method, sizeof(rt->method), "%s", method);
		snprintf(rt->path, sizeof(rt->path), "%s", path);
	}
	if (rt->n_replies == QUIRK_REPLIES_MAX) {
		err = -ENOSPC;
		goto out;
	}
	rc = &rt->replies[rt->n_replies];
	memset(rc, 0, sizeof(*rc));
	rc->r = *reply;
	rc->content_type = dup_or_null(reply->content_type);
	rc->body = dup_or_null(reply->body);
	for (i = 0; i < QUIRK_HEADERS_MAX; i++)
		rc->headers[i] = dup_or_null(reply->headers[i]);
	rt->n_replies++;
out:
	pthread_mutex_unlock(&qs->lock);
	return err;
}

unsigned quirk_server_hits(struct quirk_server *qs, const char *method, const char *path)
{
	struct route *rt;
	unsigned n;

	pthread_mutex_lock(&qs->lock);
	rt = find_route(qs, method, path);
	n = rt != NULL ? rt->hits : 0;
	pthread_mutex_unlock(&qs->lock);
	return n;
}

int quirk_server_last(struct quirk_server *qs, const char *method, const char *path,
                      struct quirk_request *out)
{
	struct route *rt;
	int rc = -ENOENT;

	pthread_mutex_lock(&qs->lock);
	rt = find_route(qs, method, path);
	if (rt != NULL && rt->has_last) {
		*out = rt->last;
		rc = 0;
	}
	pthread_mutex_unlock(&qs->lock);
	return rc;
}

const char *quirk_server_url(const struct quirk_server *qs)
{
	return qs->url;
}

struct query_acc {
	char *buf;
	size_t cap;
	size_t len;
};

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
	struct query_acc *q = cls;
	int n;

	(void)kind;
	n = snprintf(q->buf + q->len, q->cap - q->len, "%s%s=%s", q->len ? "&" : "", key,
	             value ? value : "");
	if (n > 0 && (size_t)n < q->cap - q->len)
		q->len += (size_t)n;
	return MHD_YES;
}

static void copy_header(struct MHD_Connection *c, const char *name, char *dst, size_t cap)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);

	snprintf(dst, cap, "%s", v ? v : "");
}

struct stream {
	struct quirk_server *qs;
	const char *src; /* bytes to send, or NULL for generated filler */
	size_t limit;    /* bytes sent at most */
	bool fail;       /* drop the connection at the limit instead of ending cleanly */
};

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *s = cls;
	size_t n = max;

	if (atomic_load(&s->qs->stopping))
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (pos >= s->limit)
		return s->fail ? MHD_CONTENT_READER_END_WITH_ERROR
		               : MHD_CONTENT_READER_END_OF_STREAM;
	if (n > s->limit - pos)
		n = s->limit - (size_t)pos;
	if (s->src != NULL) {
		memcpy(buf, s->src + pos, n);
	} else {
		/* JSON-looking filler, so a parser that ever got it would have work to do. */
		memset(buf, ' ', n);
		if (pos == 0 && n > 0)
			buf[0] = '[';
	}
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	free(cls);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
	struct quirk_server *qs = cls;
	struct upload *up = *con_cls;
	struct route *rt;
	struct reply_copy rc;
	struct MHD_Response *resp;
	struct stream *st;
	struct query_acc q;
	enum MHD_Result ret;
	unsigned i, waited;
	const char *body;
	uint64_t declared;

	(void)version;
	if (up == NULL) {
		up = calloc(1, sizeof(*up));
		if (up == NULL)
			return MHD_NO;
		*con_cls = up;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;
		if (up->len + n + 1 > up->cap) {
			size_t ncap = up->cap ? up->cap : 4096;
			char *nb;
			while (ncap < up->len + n + 1)
				ncap *= 2;
			nb = realloc(up->body, ncap);
			if (nb == NULL)
				return MHD_NO;
			up->body = nb;
			up->cap = ncap;
		}
		memcpy(up->body + up->len, upload_data, n);
		up->len += n;
		up->body[up->len] = '\0';
		*upload_data_size = 0;
		return MHD_YES;
	}

	pthread_mutex_lock(&qs->lock);
	rt = find_route(qs, method, url);
	if (rt == NULL) {
		pthread_mutex_unlock(&qs->lock);
		body = "[{\"code\":404,\"description\":\"no such route in the quirk script\"}]";
		resp = MHD_create_response_from_buffer(strlen(body), (void *)body,
		                                       MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(resp, "Content-Type", "application/json");
		ret = MHD_queue_response(conn, 404, resp);
		MHD_destroy_response(resp);
		return ret;
	}
	rc = rt->replies[rt->hits < rt->n_replies ? rt->hits : rt->n_replies - 1];
	rt->hits++;
	rt->has_last = true;
	memset(&rt->last, 0, sizeof(rt->last));
	q.buf = rt->last.query;
	q.cap = sizeof(rt->last.query);
	q.len = 0;
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_arg, &q);
	rt->last.body_len = up->len < QUIRK_BODY_MAX ? up->len : QUIRK_BODY_MAX;
	if (up->body != NULL)
		memcpy(rt->last.body, up->body, rt->last.body_len);
	copy_header(conn, "Content-Type", rt->last.content_type, sizeof(rt->last.content_type));
	copy_header(conn, "Idempotency-Key", rt->last.idempotency_key,
	            sizeof(rt->last.idempotency_key));
	copy_header(conn, "Accept-Language", rt->last.accept_language,
	            sizeof(rt->last.accept_language));
	copy_header(conn, "User-Agent", rt->last.user_agent, sizeof(rt->last.user_agent));
	pthread_mutex_unlock(&qs->lock);

	/* The reply copy's strings stay valid: routes are only appended to while the server runs.
	 */
	for (waited = 0; waited < rc.r.delay_ms && !atomic_load(&qs->stopping); waited += 10)
		sleep_ms(10);
	if (rc.r.mode == QUIRK_HANG) {
		while (!atomic_load(&qs->stopping))
			sleep_ms(10);
		return MHD_NO;
	}
	if (atomic_load(&qs->stopping))
		return MHD_NO;

	if (rc.r.mode == QUIRK_HUGE || rc.r.mode == QUIRK_CUT) {
		st = calloc(1, sizeof(*st));
		if (st == NULL)
			return MHD_NO;
		st->qs = qs;
		if (rc.r.mode == QUIRK_HUGE) {
			st->limit = rc.r.huge_len;
			declared = rc.r.huge_chunked ? MHD_SIZE_UNKNOWN : (uint64_t)rc.r.huge_len;
		} else {
			st->src = rc.body ? rc.body : "";
			declared = strlen(st->src);
			st->limit = rc.r.cut_after < declared ? rc.r.cut_after : (size_t)declared;
			st->fail = true;
		}
		resp = MHD_create_response_from_callback(declared, 32 * 1024, stream_read, st,
		                                         stream_free);
	} else {
		body = rc.body ? rc.body : "";
		resp = MHD_create_response_from_buffer(strlen(body), (void *)body,
		                                       MHD_RESPMEM_MUST_COPY);
	}
	if (resp == NULL)
		return MHD_NO;
	if (rc.content_type != NULL)
		MHD_add_response_header(resp, "Content-Type", rc.content_type);
	for (i = 0; i < QUIRK_HEADERS_MAX; i++) {
		char name[64];
		const char *colon;
		size_t nl;

		if (rc.headers[i] == NULL)
			continue;
		colon = strchr(rc.headers[i], ':');
		if (colon == NULL || (nl = (size_t)(colon - rc.headers[i])) >= sizeof(name))
			continue;
		memcpy(name, rc.headers[i], nl);
		name[nl] = '\0';
		colon++;
		while (*colon == ' ')
			colon++;
		MHD_add_response_header(resp, name, colon);
	}
	ret = MHD_queue_response(conn, rc.r.status ? rc.r.status : 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void request_done(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (up != NULL) {
		free(up->body);
		free(up);
		*con_cls = NULL;
	}
}

int quirk_server_start(const char *cert_file, const char *key_file, struct quirk_server **out)
{
	struct quirk_server *qs;
	const union MHD_DaemonInfo *info;
	struct sockaddr_in addr;
	int rc;

	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return -ENOTSUP;
	qs = calloc(1, sizeof(*qs));
	if (qs == NULL)
		return -ENOMEM;
	pthread_mutex_init(&qs->lock, NULL);
	qs->cert_pem = read_file(cert_file);
	qs->key_pem = read_file(key_file);
	if (qs->cert_pem == NULL || qs->key_pem == NULL) {
		rc = -ENOENT;
		goto fail;
	}
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr =
	    htonl(INADDR_LOOPBACK); /* loopback only, port chosen by the kernel */
	qs->daemon = MHD_start_daemon(
	    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS, 0, NULL,
	    NULL, handle, qs, MHD_OPTION_HTTPS_MEM_CERT, qs->cert_pem, MHD_OPTION_HTTPS_MEM_KEY,
	    qs->key_pem, MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&addr, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
	if (qs->daemon == NULL) {
		rc = -EIO;
		goto fail;
	}
	info = MHD_get_daemon_info(qs->daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (info == NULL || info->port == 0) {
		rc = -EIO;
		goto fail;
	}
	snprintf(qs->url, sizeof(qs->url), "https://127.0.0.1:%u/", (unsigned)info->port);
	*out = qs;
	return 0;
fail:
	quirk_server_stop(qs);
	return rc;
}

void quirk_server_stop(struct quirk_server *qs)
{
	unsigned i, j;
	int k;

	if (qs == NULL)
		return;
	atomic_store(&qs->stopping, true);
	if (qs->daemon != NULL)
		MHD_stop_daemon(qs->daemon);
	for (i = 0; i < qs->n_routes; i++) {
		for (j = 0; j < qs->routes[i].n_replies; j++) {
			struct reply_copy *rc = &qs->routes[i].replies[j];
			free(rc->content_type);
			free(rc->body);
			for (k = 0; k < QUIRK_HEADERS_MAX; k++)
				free(rc->headers[k]);
		}
	}
	free(qs->cert_pem);
	free(qs->key_pem);
	pthread_mutex_destroy(&qs->lock);
	free(qs);
}

int quirk_blackhole_open(unsigned *port)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

int quirk_drive(struct net *net, unsigned long long now_ms, struct net_result *res)
{
	/* Bounded so a test that goes wrong fails instead of hanging: 100 000 polls of at most
	 * 50 ms each is far beyond any test's time-out. */
	for (unsigned i = 0; i < 100000; i++) {
		if (net_perform(net, now_ms) < 0)
			return -EIO;
		if (net_take_result(net, res) == 0)
			return 0;
		if (net_pending(net) == 0)
			return -ENOENT;
		if (net_running(net) == 0) {
			if (net_next_deadline_ms(net, now_ms) > now_ms)
				return -EAGAIN;
			continue;
		}
		net_wait(net, 50);
	}
	return -ETIMEDOUT;
}
