/* atomic_file.c: replace a file atomically (see atomic_file.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"

int atomic_open(struct atomic_file *f, const char *path)
{
	char *copy = strdup(path);

	memset(f, 0, sizeof *f);
	f->path = path;
	f->dir = copy ? strdup(dirname(copy)) : NULL;
	free(copy);
	if (f->dir == NULL) {
		errno = ENOMEM;
		return -1;
	}
	f->fd = open(f->dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	if (f->fd >= 0) {
		buf_addf(&f->tmp, "%s.tmp.%ld", path, (long)getpid());
	} else {	/* no O_TMPFILE here: a named temporary file */
		buf_addf(&f->tmp, "%s.tmp.XXXXXX", path);
		f->fd = f->tmp.failed ? -1 : mkstemp(f->tmp.data);
		f->named = f->fd >= 0;
	}
	if (f->fd < 0 || f->tmp.failed) {
		int e = f->tmp.failed ? ENOMEM : errno;

		atomic_abort(f);
		errno = e;
		return -1;
	}
	return 0;
}

int atomic_write(struct atomic_file *f, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		ssize_t k = write(f->fd, s, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

int atomic_writev(struct atomic_file *f, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t k = writev(f->fd, iov, n);
		int j = 0;

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		for (; j < n && (size_t)k >= iov[j].iov_len; j++)
			k -= (ssize_t)iov[j].iov_len;
		if (j < n) {	/* a short write: go on from there */
			iov[j].iov_base = (char *)iov[j].iov_base + k;
			iov[j].iov_len -= (size_t)k;
		}
		memmove(iov, iov + j, (size_t)(n - j) * sizeof iov[0]);
		n -= j;
	}
	return 0;
}

/* Give the unnamed file its temporary name (a leftover of a killed
 * process with the same pid is replaced). */
static int name_it(struct atomic_file *f)
{
	char proc[64];

	if (f->named)
		return 0;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", f->fd);
	unlink(f->tmp.data);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, f->tmp.data, AT_SYMLINK_FOLLOW) < 0)
		return -1;
	f->named = 1;
	return 0;
}

int atomic_commit(struct atomic_file *f)
{
	int closed, dfd, e;

	if (fchmod(f->fd, 0644) < 0 || fsync(f->fd) < 0 || name_it(f) < 0)
		goto fail;
	closed = close(f->fd);
	f->fd = -1;
	if (closed < 0 || rename(f->tmp.data, f->path) < 0)
		goto fail;
	f->named = 0;
	dfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	atomic_abort(f);	/* releases what is left */
	return 0;
fail:
	e = errno;
	atomic_abort(f);
	errno = e;
	return -1;
}

void atomic_abort(struct atomic_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->named)
		unlink(f->tmp.data);
	buf_free(&f->tmp);
	free(f->dir);
	f->dir = NULL;
	f->fd = -1;
	f->named = 0;
}
