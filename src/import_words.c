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
	while (i < len) {
		char q = 0;

		while (i < len && is_blank(s[i]))
			*line += s[i++] == '\n';
		if (i >= len)
			break;
		if (s[i] == '#') {	/* a comment, to the end of the line */
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		if (w->n < WORDS_MAX && o < sizeof w->text) {
			w->w[w->n] = w->text + o;
			w->line[w->n] = *line;
		}
		if (*stop && s[i] && strchr(stop, s[i]) != NULL) {
			if (w->n < WORDS_MAX && o + 2 <= sizeof w->text) {
				w->text[o++] = s[i];
				w->text[o++] = '\0';
				w->n++;
			}
			i++;
			break;
		}
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
			if (w->n < WORDS_MAX && o + 1 < sizeof w->text)
				w->text[o++] = c;
		}
		if (q && i < len)
			i++;	/* the closing quote */
		if (w->n < WORDS_MAX && o < sizeof w->text) {
			w->text[o++] = '\0';
			w->n++;
		}
	}
	*used = i;
	return w->n;
}
