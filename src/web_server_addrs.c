/* web_server_addrs.c: the FCGI_WEB_SERVER_ADDRS peer check (see
 * web_server_addrs.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "log.h"
#include "web_server_addrs.h"

#define WSA_MAX 64

/* Process-wide configuration, set once before serving. */
static struct in_addr allowed[WSA_MAX];
static int n_allowed = -1;	/* -1: no list, every peer */

void web_server_addrs_init(void)
{
	const char *env = getenv("FCGI_WEB_SERVER_ADDRS");
	char buf[64];
	size_t len;

	n_allowed = -1;
	if (env == NULL || env[0] == '\0')
		return;
	n_allowed = 0;
	while (*env != '\0') {
		env += strspn(env, ", \t");
		len = strcspn(env, ", \t");
		if (len == 0)
			break;
		if (len < sizeof(buf) && n_allowed < WSA_MAX) {
			memcpy(buf, env, len);
			buf[len] = '\0';
			if (inet_pton(AF_INET, buf, &allowed[n_allowed]) == 1)
				n_allowed++;
			else
				log_warning("FCGI_WEB_SERVER_ADDRS: '%s' is not "
					    "an IPv4 address; left out", buf);
		}
		env += len;
	}
}

static int listed(const void *v4)
{
	int i;

	for (i = 0; i < n_allowed; i++)
		if (memcmp(&allowed[i], v4, 4) == 0)
			return 1;
	return 0;
}

int web_server_addr_ok(int fd)
{
	struct sockaddr_storage ss;
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&ss;
	socklen_t len = sizeof(ss);

	if (n_allowed < 0)
		return 1;
	if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return listed(&((const struct sockaddr_in *)&ss)->sin_addr);
	if (ss.ss_family == AF_INET6)
		return IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr) &&
		       listed(s6->sin6_addr.s6_addr + 12);
	return 1;
}
