/* fuzz/toml.c: libFuzzer harness for the TOML parser: any bytes go through
 * toml_load (src/toml.c, src/toml_value.c), without a NUL after them, so
 * a read past the input is caught. Checks toml.h's contract: a refusal
 * reports exactly one error and leaves nothing to free; an accepted
 * document has a mapping root, keys that are strings, scalars tagged with
 * one of the eight TOML types whose text reads back (an integer within
 * int64, a float, a boolean), no key twice in one table, and marks inside
 * the input. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../src/toml.h"
#include "sample_index.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

static const char *const tags[] = {
	TOML_TAG_STR, TOML_TAG_INT, TOML_TAG_FLOAT, TOML_TAG_BOOL,
	TOML_TAG_DATETIME, TOML_TAG_DATETIME_LOCAL, TOML_TAG_DATE_LOCAL,
	TOML_TAG_TIME_LOCAL,
};

static void check_scalar(const yaml_node_t *n)
{
	const char *tag = (const char *)n->tag;
	const char *s = (const char *)n->data.scalar.value;
	size_t i;
	char *end;

	for (i = 0; i < sizeof tags / sizeof tags[0]; i++)
		if (strcmp(tag, tags[i]) == 0)
			break;
	if (i == sizeof tags / sizeof tags[0])
		abort();	/* a tag toml.h does not name */
	errno = 0;
	if (i == 1 && (strtoll(s, &end, 10), errno != 0 || *end != '\0' ||
		       end == s))
		abort();	/* an integer that is not canonical int64 */
	if (i == 2 && (strtod(s, &end), *end != '\0' || end == s))
		abort();	/* a float that does not read back */
	if (i == 3 && strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
		abort();
}

/* No key twice in one table (quadratic, but the inputs are small). */
static void check_mapping(yaml_document_t *doc, const yaml_node_t *n)
{
	yaml_node_pair_t *a, *b, *top = n->data.mapping.pairs.top;

	for (a = n->data.mapping.pairs.start; a < top; a++) {
		yaml_node_t *ka = yaml_document_get_node(doc, a->key);

		if (ka == NULL || ka->type != YAML_SCALAR_NODE ||
		    strcmp((const char *)ka->tag, TOML_TAG_STR) != 0 ||
		    yaml_document_get_node(doc, a->value) == NULL)
			abort();
		for (b = a + 1; b < top && b - a < 64; b++) {
			yaml_node_t *kb = yaml_document_get_node(doc, b->key);

			if (kb->data.scalar.length == ka->data.scalar.length &&
			    memcmp(kb->data.scalar.value, ka->data.scalar.value,
				   ka->data.scalar.length) == 0)
				abort();	/* a key twice */
		}
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* an exact-size copy, so that reading past the end is an error */
	char *text = malloc(size ? size : 1);
	struct diag d = {.quiet_warnings = 1};
	yaml_document_t doc;
	yaml_node_t *n;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	if (toml_load(&doc, text, size, "fuzz.toml", 1, &d) < 0) {
		if (d.errors != 1)
			abort();	/* a refusal reports one error */
		free(text);
		return 0;
	}
	n = yaml_document_get_root_node(&doc);
	if (d.errors != 0 || n == NULL || n->type != YAML_MAPPING_NODE)
		abort();
	for (n = doc.nodes.start; n < doc.nodes.top; n++) {
		if (n->start_mark.index > size)
			abort();	/* a mark outside the input */
		if (n->type == YAML_SCALAR_NODE)
			check_scalar(n);
		else if (n->type == YAML_MAPPING_NODE)
			check_mapping(&doc, n);
	}
	yaml_document_delete(&doc);
	free(text);
	return 0;
}
