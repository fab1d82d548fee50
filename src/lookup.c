/* lookup.c: one line of slugindex lookup (see slugindex(1)):
 *   STATUS <TAB> PATH-OR-LOCATION <TAB> TITLE <TAB> HOW
 * The first three columns are those of earlier versions (a 404 and a 414
 * now have their empty columns too); a 400 gives the reason as its third
 * column, as before. HOW is route.h's word, "rule N" for a rule. */
#include <stdlib.h>
#include <string.h>

#include "lookup.h"
#include "route.h"

static void print_how(const struct route *rt, FILE *out)
{
	if (rt->how == HOW_RULE)
		fprintf(out, "rule %u\n", rt->rule);
	else
		fprintf(out, "%s\n", route_how_names[rt->how]);
}

int lookup_print(const struct index *idx, struct ruleset *rules,
		 const char *method, const char *path, FILE *out)
{
	struct route_request rq = { method ? method : "GET", {0}, {0} };
	struct route_scratch *s = malloc(sizeof *s);
	const char *q = strchr(path, '?');
	struct route rt;
	char *loc = NULL;
	int code;

	rq.path = (struct slug_view){ path, q ? (size_t)(q - path) : strlen(path) };
	rq.query = (struct slug_view){ q ? q + 1 : "", q ? strlen(q + 1) : 0 };
	if (s == NULL) {
		perror("slugindex");
		return -1;
	}
	route_decide(idx, rules, &rq, s, &rt);
	code = http_statuses[rt.status].code;
	fprintf(out, "%d\t", code);
	if (rt.status == HTTP_OK)
		fprintf(out, "%.*s\t%.*s\t", (int)rt.pg.url.len, rt.pg.url.ptr,
			(int)rt.pg.title.len, rt.pg.title.ptr);
	else if (rt.has_page && rt.status != HTTP_NOT_FOUND) {
		size_t need = route_location(&rt, NULL, 0) + 1;

		if ((loc = malloc(need)) != NULL)
			route_location(&rt, loc, need);
		fprintf(out, "%s\t%.*s\t", loc ? loc : "",
			(int)rt.pg.title.len, rt.pg.title.ptr);
	} else if (rt.status == HTTP_BAD_REQUEST && rt.path_error != PATHNORM_OK)
		fprintf(out, "\t%s\t", pathnorm_strerror(rt.path_error));
	else
		fputs("\t\t", out);
	print_how(&rt, out);
	free(loc);
	free(s);
	return code;
}
