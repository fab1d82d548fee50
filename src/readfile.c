/* readfile.c: whole-file reads for slugindex (see readfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readfile.h"

int read_file(const char *path, size_t max, char **out, size_t *len,
	      struct diag *d)
{
	struct stat st;
	char *data = NULL;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*out = NULL;
	if (fd < 0 || fstat(fd, &st) < 0) {
		diag_at(d, DIAG_ERROR, path, 0, 0, "cannot read: %s",
			strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || (uintmax_t)st.st_size > max) {
		diag_at(d, DIAG_ERROR, path, 0, 0, S_ISREG(st.st_mode)
			? "larger than the %zu bytes allowed"
			: "not a regular file (limit %zu)", max);
		goto fail;
	}
	data = malloc((size_t)st.st_size + 1);
	if (data == NULL) {
		diag_at(d, DIAG_ERROR, path, 0, 0, "out of memory");
		goto fail;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, data + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			diag_at(d, DIAG_ERROR, path, 0, 0, "read failed: %s",
				n < 0 ? strerror(errno) : "file shrank");
			goto fail;
		}
		got += (size_t)n;
	}
	data[got] = '\0';
	close(fd);
	*out = data;
	*len = got;
	return 0;
fail:
	free(data);
	if (fd >= 0)
		close(fd);
	return -1;
}
