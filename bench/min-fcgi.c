/* min-fcgi.c: the floor of a FastCGI responder, for bench/serve-bench.sh:
 * libfcgi's accept loop writing one fixed page from memory to every
 * request, whatever its path or method. Not part of slugserve.
 *
 * Usage: min-fcgi PAGE_FILE
 * Reads PAGE_FILE once at start, then answers on the listening socket
 * inherited as file descriptor 0 (lighttpd's bin-path, spawn-fcgi) with
 *   Status: 200 OK, Content-Type: text/html; charset=utf-8,
 *   Content-Length: the file's size, and the file's bytes.
 * It stops on SIGTERM or SIGINT (default actions: lighttpd kills its
 * backends that way). Exit status 1 when the page cannot be read or the
 * FastCGI library fails to start. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcgiapp.h>

/* read_page: the whole of path in a malloc'd buffer, its size in *len.
 * Returns NULL (errno set) on failure; the caller frees. */
static char *read_page(const char *path, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), saved;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || st.st_size < 0 || st.st_size > INT_MAX)
		goto fail;
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL)
		goto fail;
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		got += (size_t)n;
	}
	close(fd);
	*len = got;
	return buf;
fail:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return NULL;
}

int main(int argc, char **argv)
{
	FCGX_Request rq;
	char head[200];
	size_t len;
	char *page;
	int hlen;

	if (argc != 2) {
		fprintf(stderr, "usage: min-fcgi PAGE_FILE\n");
		return 2;
	}
	page = read_page(argv[1], &len);
	if (page == NULL) {
		fprintf(stderr, "min-fcgi: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	hlen = snprintf(head, sizeof(head),
			"Status: 200 OK\r\n"
			"Content-Type: text/html; charset=utf-8\r\n"
			"Content-Length: %zu\r\n\r\n", len);
	if (FCGX_Init() != 0 || FCGX_InitRequest(&rq, 0, 0) != 0) {
		fprintf(stderr, "min-fcgi: cannot start libfcgi\n");
		free(page);
		return 1;
	}
	while (FCGX_Accept_r(&rq) >= 0) {
		/* A client that went away only ends its own request. */
		if (FCGX_PutStr(head, hlen, rq.out) == hlen)
			FCGX_PutStr(page, (int)len, rq.out);
		FCGX_Finish_r(&rq);
	}
	FCGX_Free(&rq, 1);
	free(page);
	return 0;
}
