/* listen_fds.c: read the sockets systemd passes (see listen_fds.h), as
 * sd_listen_fds(3) defines it: LISTEN_PID must be this process's pid,
 * LISTEN_FDS a count of fds from 3. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "listen_fds.h"

/* env_long: the environment variable as a number from 1 to max, 0 when
 * unset, -1 when it is not such a number. */
static long env_long(const char *name, long max)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (v == NULL)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < 1 || n > max)
		return -1;
	return n;
}

static void unset_all(void)
{
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
}

int listen_fds(char *why, size_t whylen)
{
	long pid = env_long("LISTEN_PID", 0x7fffffffL);
	long n = env_long("LISTEN_FDS", 4096);
	struct stat st;

	if (pid == 0)
		return 0;
	if (pid < 0) {
		snprintf(why, whylen, "LISTEN_PID=%s is not a process id",
			 getenv("LISTEN_PID"));
		unset_all();
		return -1;
	}
	if ((pid_t)pid != getpid()) {
		unset_all();	/* meant for another process: none for us */
		return 0;
	}
	if (n <= 0) {
		snprintf(why, whylen, "LISTEN_FDS=%s is not a count of sockets",
			 getenv("LISTEN_FDS") ? getenv("LISTEN_FDS") : "");
		unset_all();
		return -1;
	}
	unset_all();
	for (int fd = LISTEN_FDS_START; fd < LISTEN_FDS_START + n; fd++) {
		int flags = fcntl(fd, F_GETFD);

		if (flags < 0 || fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
			snprintf(why, whylen, "fd %d of LISTEN_FDS=%ld is not a "
				 "socket", fd, n);
			return -1;
		}
		fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
	}
	return (int)n;
}

int fd_is_listener(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	errno = 0;
	return getpeername(fd, (struct sockaddr *)&ss, &len) != 0 &&
	       errno == ENOTCONN;
}
