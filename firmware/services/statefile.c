#include "firmware/services/statefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int errno_code(int e)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
	case EROFS:
	case EACCES:
	case ENOENT:
		return -e;
	case EPERM:
		return -EACCES;
	default:
		return -EIO;
	}
}

/* Flushes the folder holding path, so the rename itself is on the disk. */
static int sync_dir(const char *path)
{
	char dir[512];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if ((size_t)(slash - path) >= sizeof(dir))
		return -EINVAL;
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno_code(errno);
	int rc = fsync(fd) == 0 || errno == EINVAL ? 0 : errno_code(errno);
	close(fd);
	return rc;
}

int statefile_write(const char *path, const char *text, size_t len)
{
	char tmp[600];
	int rc = 0;

	if (!path || !path[0] || len > STATEFILE_MAX ||
	    snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp))
		return -EINVAL;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno_code(errno);
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = errno_code(n < 0 ? errno : EIO);
			goto fail_unlink;
		}
		done += (size_t)n;
	}
	if (fsync(fd) != 0) {
		rc = errno_code(errno);
		goto fail_unlink;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = errno_code(errno);
		goto fail_unlink;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		rc = errno_code(errno);
		goto fail_unlink;
	}
	return sync_dir(path);
fail_unlink:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return rc;
}

int statefile_read(const char *path, char *buf, size_t cap)
{
	if (!path || cap == 0)
		return -EINVAL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ENOENT : errno == EACCES ? -EACCES : -EIO;
	size_t len = 0;
	for (;;) {
		ssize_t n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -EIO;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == cap - 1) {
			char more;
			n = read(fd, &more, 1);
			close(fd);
			return n == 0 ? (buf[len] = '\0', (int)len) : -EFBIG;
		}
	}
	close(fd);
	buf[len] = '\0';
	return (int)len;
}

unsigned long statefile_check(const char *text, size_t len)
{
	unsigned long h = 2166136261ul;
	for (size_t i = 0; i < len; i++)
		h = ((h ^ (unsigned char)text[i]) * 16777619ul) & 0xfffffffful;
	return h;
}
