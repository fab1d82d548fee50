/* privdrop.c: leave root for an unprivileged user (see privdrop.h): groups
 * first, then the group id, then the user id, and a check that root cannot
 * be taken back. */
#define _DEFAULT_SOURCE	/* initgroups */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "privdrop.h"

int privdrop(const char *user, int explicit, const char *sock_path,
	     char *why, size_t whylen)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwnam(user);
	if (getuid() != 0 && geteuid() != 0) {
		if (!explicit || (pw != NULL && pw->pw_uid == geteuid()))
			return 0;
		snprintf(why, whylen, "-u %s: only root can change the user "
			 "(slugserve runs as uid %ld already)", user,
			 (long)geteuid());
		return -1;
	}
	if (pw == NULL) {
		snprintf(why, whylen, "started as root, slugserve drops to "
			 "user '%s', which %s: create it (adduser --system "
			 "--group %s) or name another with -u USER", user,
			 errno ? strerror(errno) : "does not exist", user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		snprintf(why, whylen, "-u %s: that is root; slugserve does not "
			 "serve as root: name an unprivileged user", user);
		return -1;
	}
	if (sock_path != NULL && chown(sock_path, pw->pw_uid, pw->pw_gid) < 0) {
		snprintf(why, whylen, "cannot give %s to %s: %s", sock_path,
			 user, strerror(errno));
		return -1;
	}
	if (initgroups(user, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0) {
		snprintf(why, whylen, "cannot become %s: %s", user,
			 strerror(errno));
		return -1;
	}
	if (setuid(0) == 0 || geteuid() == 0) {
		snprintf(why, whylen, "root could be taken back after "
			 "becoming %s", user);
		return -1;
	}
	return 0;
}
