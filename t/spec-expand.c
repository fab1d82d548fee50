/* t/spec-expand.c: the strings of the routing spec as bytes: escapes
 * (\r \n \t \\ \$ \xHH, \{C*N} for N copies of C) and $name, a value a
 * case saved earlier with "save". */
#include "spec.h"
#include "../src/hex.h"

#include <stdlib.h>
#include <string.h>

#define SAVED_MAX 16

static struct {
	char name[32];
	char value[1024];
} saved[SAVED_MAX];

void spec_save(const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < SAVED_MAX && saved[i].name[0]; i++)
		if (strcmp(saved[i].name, name) == 0)
			break;
	if (i == SAVED_MAX)
		return;
	strncpy(saved[i].name, name, sizeof(saved[i].name) - 1);
	strncpy(saved[i].value, value, sizeof(saved[i].value) - 1);
}

static const char *lookup(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < SAVED_MAX && saved[i].name[0]; i++)
		if (strlen(saved[i].name) == n && memcmp(saved[i].name, name, n) == 0)
			return saved[i].value;
	return NULL;
}

static char out[1 << 16];

/* escape: the escape at *sp (after its backslash) into out[*o..];
 * -1 when malformed or too long. */
static int escape(const char **sp, size_t *o)
{
	const char *s = *sp;
	char *end;
	long n;
	int hi, lo;

	switch (*s) {
	case 'r': out[(*o)++] = '\r'; break;
	case 'n': out[(*o)++] = '\n'; break;
	case 't': out[(*o)++] = '\t'; break;
	case '\\': case '$': out[(*o)++] = *s; break;
	case 'x':
		hi = hex_digit((unsigned char)s[1]);
		lo = hi < 0 ? -1 : hex_digit((unsigned char)s[2]);
		if (lo < 0)
			return -1;
		out[(*o)++] = (char)(hi * 16 + lo);
		s += 2;
		break;
	case '{':
		if (s[1] == '\0' || s[2] != '*')
			return -1;
		n = strtol(s + 3, &end, 10);
		if (*end != '}' || n < 0 || (size_t)n > sizeof(out) - 1 - *o)
			return -1;
		memset(out + *o, s[1], (size_t)n);
		*o += (size_t)n;
		s = end;
		break;
	default:
		return -1;
	}
	*sp = s + 1;
	return 0;
}

const char *spec_expand(const char *s, size_t *len)
{
	size_t o = 0, n;
	const char *v;

	while (*s) {
		if (o + 2 >= sizeof(out))
			return NULL;
		if (*s == '\\') {
			s++;
			if (escape(&s, &o))
				return NULL;
		} else if (*s == '$' && (s[1] == '_' || (s[1] >= 'a' && s[1] <= 'z'))) {
			n = strspn(s + 1, "abcdefghijklmnopqrstuvwxyz_0123456789");
			if ((v = lookup(s + 1, n)) == NULL || strlen(v) >= sizeof(out) - o)
				return NULL;
			memcpy(out + o, v, strlen(v));
			o += strlen(v);
			s += n + 1;
		} else
			out[o++] = *s++;
	}
	out[o] = '\0';
	*len = o;
	return out;
}
