/* yamlutil.c: libyaml document helpers (see yamlutil.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "yamlutil.h"

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

		if (parser.context != NULL &&
		    (cm.line != m.line || cm.column != m.column))
			snprintf(opened, sizeof opened,
				 " (opened at line %lu, column %lu)",
				 (unsigned long)(cm.line + line_base),
				 (unsigned long)cm.column + 1);
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
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_at(d, level, file, node->start_mark.line + line_base,
		node->start_mark.column + 1, "%s", msg);
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
