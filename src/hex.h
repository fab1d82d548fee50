/* hex.h: the value of one hexadecimal digit, the one home of it for every
 * reader of hex (percent-escapes in paths and access logs, TOML's \u and
 * \U escapes, the routing spec's \xHH). */
#ifndef SLUG_HEX_H
#define SLUG_HEX_H

/* hex_digit: 0..15 for '0'-'9', 'a'-'f', 'A'-'F'; -1 for any other byte */
static inline int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
