/* import_words.c: server-config words (see import_words.h). */
#include <string.h>

#include "import_words.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

int words_split(struct words *w, const char *s, size_t len, const char *stop,
		size_t *used, unsigned long *line)
{
	size_t i = 0, o = 0;

	w->n = 0;
	w->stop = 0;
	w->truncated = 0;
	while (i < len) {
		char q = 0;
		int keep;

		while (i < len && is_blank(s[i]))
			*line += s[i++] == '\n';
		if (i >= len)
			break;
		if (s[i] == '#') {	/* a comment, to the end of the line */
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		if (*stop && s[i] && strchr(stop, s[i]) != NULL) {
			w->stop = s[i++];
			break;
		}
		keep = w->n < WORDS_MAX && o < sizeof w->text;
		if (keep) {
			w->w[w->n] = w->text + o;
			w->line[w->n] = *line;
		} else
			w->truncated = 1;
		if (s[i] == '"' || s[i] == '\'')
			q = s[i++];
		for (; i < len; i++) {
			char c = s[i];

			if (q ? c == q : is_blank(c) ||
			    (*stop && c && strchr(stop, c) != NULL))
				break;
			if (c == '\\' && i + 1 < len && q &&
			    (s[i + 1] == q || s[i + 1] == '\\'))
				c = s[++i];	/* other escapes stay, as
						   the servers keep them */
			*line += c == '\n';
			if (keep && o + 1 < sizeof w->text)
				w->text[o++] = c;
			else if (keep)
				w->truncated = 1;
		}
		if (q && i < len)
			i++;	/* the closing quote */
		if (keep) {
			w->text[o++] = '\0';
			w->n++;
		}
	}
	*used = i;
	return w->n;
}
