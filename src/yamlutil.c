/* yamlutil.c: libyaml document helpers (see yamlutil.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "yamlutil.h"

/* Our words for libyaml's obscure problems: the first entry whose problem
 * (and context, when given) libyaml's message starts with. */
static const struct yaml_wording {
	const char *problem, *context, *ours;
} wordings[] = {
	{"found unexpected end of stream", "while scanning a quoted scalar",
	 "a quoted string is not closed"},
	{"mapping values are not allowed", NULL,
	 "a ':' where no key can start: quote a value that holds ': ', or "
	 "check the indentation"},
	{"did not find expected key", NULL,
	 "the indentation is off: this line lines up with no key above"},
	{"did not find expected ',' or ']'", NULL,
	 "a list opened with '[' is not closed with ']'"},
	{"did not find expected ',' or '}'", NULL,
	 "a mapping opened with '{' is not closed with '}'"},
	{"found undefined alias", NULL,
	 "'*' starts an alias, and no '&' anchor has its name: quote the "
	 "value"},
	{"found character that cannot start any token", NULL,
	 "a value cannot start with this character: quote it"},
};

/* yaml_words: our wording of the parser's problem at byte c of the input
 * (NUL past its end), or NULL to keep libyaml's. A tab anywhere libyaml
 * trips on it is a tab in the indentation: YAML allows none. */
static const char *yaml_words(const yaml_parser_t *parser, int c)
{
	const char *pr = parser->problem, *cx = parser->context;

	if (c == '\t' || (pr != NULL && strstr(pr, "tab") != NULL))
		return "a tab in the indentation: YAML indents with spaces only";
	for (size_t i = 0; pr != NULL && i < sizeof wordings / sizeof wordings[0]; i++)
		if (strncmp(pr, wordings[i].problem, strlen(wordings[i].problem)) == 0 &&
		    (wordings[i].context == NULL ||
		     (cx != NULL && strcmp(cx, wordings[i].context) == 0)))
			return wordings[i].ours;
	return NULL;
}

int yaml_load(yaml_document_t *doc, const char *buf, size_t len,
	      const char *file, unsigned long line_base, struct diag *d)
{
	yaml_parser_t parser;
	int rc = 0;

	if (!yaml_parser_initialize(&parser)) {
		diag_at(d, DIAG_ERROR, file, 0, 0, "out of memory");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, doc)) {
		yaml_mark_t m = parser.problem_mark;

		yaml_mark_t cm = parser.context_mark;
		char opened[64] = "";
		const char *ours = yaml_words(&parser, m.index < len ?
					      (unsigned char)buf[m.index] : 0);

		if (parser.context != NULL &&
		    (cm.line != m.line || cm.column != m.column))
			snprintf(opened, sizeof opened,
				 " (opened at line %lu, column %lu)",
				 (unsigned long)(cm.line + line_base),
				 (unsigned long)cm.column + 1);
		if (ours != NULL)
			diag_at(d, DIAG_ERROR, file, m.line + line_base,
				m.column + 1, "malformed YAML: %s%s", ours,
				opened);
		else
			diag_at(d, DIAG_ERROR, file, m.line + line_base, m.column + 1,
			"malformed YAML: %s%s%s%s",
			parser.problem ? parser.problem : "syntax error",
			parser.context ? " " : "",
			parser.context ? parser.context : "", opened);
		rc = -1;
	}
	yaml_parser_delete(&parser);
	return rc;
}

const char *yaml_scalar(const yaml_node_t *node)
{
	if (node == NULL || node->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)node->data.scalar.value;
}

int yaml_is_null(const yaml_node_t *node)
{
	const char *s = yaml_scalar(node);

	if (s == NULL || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return s[0] == '\0' || strcmp(s, "~") == 0 || strcasecmp(s, "null") == 0;
}

void yaml_report(struct diag *d, enum diag_level level, const char *file,
		 unsigned long line_base, const yaml_node_t *node,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vat(d, level, file, node->start_mark.line + line_base,
		 node->start_mark.column + 1, "", fmt, ap);
	va_end(ap);
}

int yaml_bool(const yaml_node_t *node, int *out)
{
	static const char *const yes[] = {"true", "yes", "on"};
	static const char *const no[] = {"false", "no", "off"};
	const char *s = yaml_scalar(node);

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < 3; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}
