/* net (firmware/services/net.c) and proxies: the environment never chooses the route; a proxy
 * named by the configuration is used, and its failures are network errors retried like the
 * others. The origin is the reference central on loopback; the "proxy" is a small thread here
 * that counts connections and refuses every tunnel (403). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "firmware/services/kiosk_api.h"
#include "firmware/services/net.h"
#include "tests/support/central_harness.h"
#include "tests/support/quirk_server.h"

struct proxy {
	int fd;
	unsigned port;
	pthread_t thread;
	int stop_pipe[2];
	int hits; /* connections accepted (atomic) */
};

static void *proxy_main(void *arg)
{
	struct proxy *p = arg;
	/* Bounded: at most 32 connections, each read for at most 2 s. */
	for (int n = 0; n < 32; n++) {
		struct pollfd w[2] = {{.fd = p->fd, .events = POLLIN},
		                      {.fd = p->stop_pipe[0], .events = POLLIN}};
		if (poll(w, 2, 10000) <= 0 || (w[1].revents & POLLIN))
			break;
		int c = accept(p->fd, NULL, NULL);
		if (c < 0)
			continue;
		__atomic_add_fetch(&p->hits, 1, __ATOMIC_RELAXED);
		char buf[2048];
		size_t have = 0;
		struct pollfd r = {.fd = c, .events = POLLIN};
		while (have < sizeof buf - 1 && poll(&r, 1, 2000) > 0) {
			ssize_t k = recv(c, buf + have, sizeof buf - 1 - have, 0);
			if (k <= 0)
				break;
			have += (size_t)k;
			buf[have] = '\0';
			if (strstr(buf, "\r\n\r\n"))
				break;
		}
		static const char no[] = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n"
		                         "Connection: close\r\n\r\n";
		send(c, no, sizeof no - 1, MSG_NOSIGNAL);
		close(c);
	}
	return NULL;
}

static void proxy_start(struct proxy *p)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	memset(p, 0, sizeof *p);
	p->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(p->fd >= 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	assert_int_equal(bind(p->fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(p->fd, 16), 0);
	assert_int_equal(getsockname(p->fd, (struct sockaddr *)&a, &len), 0);
	p->port = ntohs(a.sin_port);
	assert_int_equal(pipe(p->stop_pipe), 0);
	assert_int_equal(pthread_create(&p->thread, NULL, proxy_main, p), 0);
}

static void proxy_stop(struct proxy *p)
{
	assert_int_equal(write(p->stop_pipe[1], "x", 1), 1);
	pthread_join(p->thread, NULL);
	close(p->stop_pipe[0]);
	close(p->stop_pipe[1]);
	close(p->fd);
}

/* One notices request through a net_t configured with proxy (may be NULL). */
static void notices(struct central_harness *h, const char *proxy, struct net_result *res)
{
	struct net_config nc;
	struct kiosk_api_config kc;
	struct net_request req;
	net_t *net;
	uint64_t id, now = 1000;
	memset(&nc, 0, sizeof nc);
	nc.base_url = h->base_url;
	nc.ca_file = h->ca_path;
	nc.proxy = proxy;
	nc.timeout_ms = 5000;
	nc.backoff_base_ms = 10;
	assert_int_equal(net_new(&nc, &net), 0);
	memset(&kc, 0, sizeof kc);
	snprintf(kc.path, sizeof kc.path, "/kiosk/v1/");
	snprintf(kc.api_key, sizeof kc.api_key, "%s", h->api_key);
	assert_int_equal(kiosk_api_build_notices(&kc, &req), 0);
	assert_int_equal(net_submit(net, &req, now, &id), 0);
	net_request_release(&req);
	for (int i = 0; i < 50; i++) {
		int rc = quirk_drive(net, now, res);
		if (rc == 0)
			break;
		assert_int_equal(rc, -EAGAIN);
		now = net_next_deadline_ms(net, now);
	}
	net_free(net);
}

static void test_environment_proxy_ignored(void **state)
{
	(void)state;
	struct central_harness *h;
	struct proxy p;
	struct net_result res;
	char url[64];
	assert_int_equal(central_harness_start(NULL, &h), 0);
	proxy_start(&p);
	snprintf(url, sizeof url, "http://127.0.0.1:%u", p.port);
	setenv("https_proxy", url, 1);
	setenv("HTTPS_PROXY", url, 1);
	setenv("ALL_PROXY", url, 1);
	setenv("all_proxy", url, 1);
	unsetenv("NO_PROXY");
	unsetenv("no_proxy");
	notices(h, NULL, &res);
	assert_int_equal(res.error, NET_OK);
	assert_int_equal(res.status, 200);
	net_result_release(&res);
	assert_int_equal(__atomic_load_n(&p.hits, __ATOMIC_RELAXED), 0);
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");
	proxy_stop(&p);
	central_harness_stop(h);
}

static void test_configured_proxy_used_and_failures_retried(void **state)
{
	(void)state;
	struct central_harness *h;
	struct proxy p;
	struct net_result res;
	char url[64];
	assert_int_equal(central_harness_start(NULL, &h), 0);
	proxy_start(&p);
	/* Even with NO_PROXY naming the central, the configured proxy is the route. */
	setenv("NO_PROXY", "127.0.0.1,localhost", 1);
	snprintf(url, sizeof url, "http://127.0.0.1:%u", p.port);
	notices(h, url, &res);
	/* The proxy refused the tunnel: a network error, tried as often as any other (3). */
	assert_int_equal(res.error, NET_ERR_CONNECT);
	assert_int_equal(res.status, 0);
	net_result_release(&res);
	assert_int_equal(__atomic_load_n(&p.hits, __ATOMIC_RELAXED), 3);
	unsetenv("NO_PROXY");
	proxy_stop(&p);
	central_harness_stop(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_environment_proxy_ignored),
	    cmocka_unit_test(test_configured_proxy_used_and_failures_retried),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
