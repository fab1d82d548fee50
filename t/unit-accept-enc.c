/* t/unit-accept-enc.c: the Accept-Encoding choice (src/accept_enc.c), as a
 * table of header, stored encodings and expected choice (RFC 9110
 * 12.5.3). */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "accept_enc.h"

#define ALL ((1u << ENC_GZIP) | (1u << ENC_BR))
#define GZ (1u << ENC_GZIP)

static const struct {
	const char *hdr;	/* NULL: no header */
	unsigned avail;
	enum content_enc want;
} cases[] = {
	{ NULL, ALL, ENC_IDENTITY },
	{ "", ALL, ENC_IDENTITY },
	{ "gzip", ALL, ENC_GZIP },
	{ "br", ALL, ENC_BR },
	{ "gzip, deflate, br", ALL, ENC_BR },		/* a tie: the smaller */
	{ "gzip, deflate, br", GZ, ENC_GZIP },		/* no br stored */
	{ "gzip, deflate, br", 0, ENC_IDENTITY },	/* nothing stored */
	{ "br;q=0.5, gzip", ALL, ENC_GZIP },
	{ "br;q=0.5, gzip;q=0.4", ALL, ENC_BR },
	{ "br;q=0, gzip;q=0", ALL, ENC_IDENTITY },
	{ "GZIP", ALL, ENC_GZIP },
	{ "x-gzip", ALL, ENC_GZIP },
	{ "Br ; Q=1.000", ALL, ENC_BR },
	{ "*", ALL, ENC_BR },
	{ "*;q=0.5, br;q=0.1", ALL, ENC_GZIP },
	{ "*;q=0", ALL, ENC_IDENTITY },			/* sent anyway */
	{ "identity;q=0", ALL, ENC_IDENTITY },		/* none listed: sent anyway */
	{ "identity;q=0, *", ALL, ENC_BR },
	{ "identity;q=0, gzip;q=0.1", ALL, ENC_GZIP },
	{ "identity", ALL, ENC_IDENTITY },
	{ "identity, gzip;q=0.5", ALL, ENC_IDENTITY },
	{ "identity;q=0.5, gzip", ALL, ENC_GZIP },
	{ "gzip;q=0.001", ALL, ENC_GZIP },		/* any q beats implicit identity */
	{ "compress, deflate", ALL, ENC_IDENTITY },
	{ " , ,gzip ,", ALL, ENC_GZIP },
	{ "gzip;q=0.5, gzip;q=0", ALL, ENC_GZIP },	/* the first decides */
	{ "\tgzip\t;\tq=1", ALL, ENC_GZIP },
	/* malformed: identity */
	{ "gzip;q=2", ALL, ENC_IDENTITY },
	{ "gzip;q=1.5", ALL, ENC_IDENTITY },
	{ "gzip;q=0.1234", ALL, ENC_IDENTITY },
	{ "gzip;q=", ALL, ENC_IDENTITY },
	{ "gzip;q=.5", ALL, ENC_IDENTITY },
	{ "gzip;level=9", ALL, ENC_IDENTITY },
	{ "gzip;", ALL, ENC_IDENTITY },
	{ "gzip br", ALL, ENC_IDENTITY },
	{ "gz\"ip", ALL, ENC_IDENTITY },
	{ "gzip;q=1 x", ALL, ENC_IDENTITY },
	{ "gzip\r\nX: y", ALL, ENC_IDENTITY },
};

int main(void)
{
	static const char *const names[ENC__MAX] = { "identity", "gzip", "br" };
	char big[8192];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *h = cases[i].hdr;
		enum content_enc got = accept_enc_choose(h, h ? strlen(h) : 0,
							 cases[i].avail);

		if (!ok(got == cases[i].want, "'%s' (stored %#x) -> %s",
			h ? h : "(absent)", cases[i].avail,
			names[cases[i].want]))
			printf("#   got: %s\n", names[got]);
	}
	/* a long header of unknown codings: linear, and still finds br */
	for (size_t i = 0; i + 4 < sizeof big; i += 4)
		memcpy(big + i, "xy, ", 4);
	memcpy(big + sizeof big - 4, ", br", 4);
	ok(accept_enc_choose(big, sizeof big, ALL) == ENC_BR,
	   "8 KiB of unknown codings, then br");
	/* the length bounds the read: no NUL needed */
	ok(accept_enc_choose("gzipXXXX", 4, ALL) == ENC_GZIP,
	   "reads only len bytes");
	return tap_done();
}
