/* Stands in for systemd's notification socket in tests: binds a datagram socket at PATH and
 * prints each message received as "MILLISECONDS MESSAGE" (newlines in it as '|') until
 * SECONDS have passed. Usage: notify_listen PATH SECONDS */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long long ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char buf[4096];

	if (argc != 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: notify_listen PATH SECONDS\n");
		return 2;
	}
	long secs = strtol(argv[2], NULL, 10);
	memcpy(sa.sun_path, argv[1], strlen(argv[1]) + 1);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("notify_listen");
		return 1;
	}
	long long t0 = ms_now(), end = t0 + secs * 1000;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (long long now = t0; now < end; now = ms_now()) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, (int)(end - now)) <= 0)
			continue;
		ssize_t n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n < 0)
			continue;
		buf[n] = '\0';
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\n')
				buf[i] = '|';
		printf("%lld %s\n", ms_now() - t0, buf);
	}
	close(fd);
	unlink(argv[1]);
	return 0;
}
