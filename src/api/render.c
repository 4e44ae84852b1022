/* JSON rendering of query results; see render.h. */
#include "api/render.h"

#include <stdlib.h>

#include "domain/record.h"

json_t *render_rows(const struct store_result *result)
{
    json_t *items = json_array();
    for (int row = 0; row < result->rows; row++) {
        json_t *item = json_object();
        for (int c = 0; c < result->columns; c++) {
            const struct store_value *v = &result->values[(size_t)row * (size_t)result->columns + (size_t)c];
            json_object_set_new(item, result->names[c],
                                v->type == STORE_TEXT  ? json_string(v->text)
                                : v->type == STORE_INT ? json_integer(v->integer)
                                : v->type == STORE_REAL ? json_real(v->real)
                                                       : json_null());
        }
        json_array_append_new(items, item);
    }
    return items;
}

const char *render_next_cursor(struct store_result *result, int limit, const char *column)
{
    if (result->rows <= limit)
        return NULL;
    result->rows = limit;
    return store_cell_text(result, limit - 1, column);
}

/* A stored JSON document; null if it does not parse (it always should). */
static json_t *json_or_null(const char *text)
{
    json_t *value = json_loads(text, JSON_DECODE_ANY, NULL);
    return value ? value : json_null();
}

json_t *record_json(const struct record_kind *kind, const struct record *r)
{
    json_t *json = json_pack("{s:s,s:s,s:s,s:s}", "id", r->id, "owner_agency_id", r->owner_agency_id, "created_at",
                             r->created_at, "updated_at", r->updated_at);
    for (int f = 0; f < kind->field_count; f++) {
        const char *v = r->values[f];
        json_t *value = v == NULL                              ? json_null()
                        : kind->fields[f].type == FIELD_INTEGER ? json_integer(strtoll(v, NULL, 10))
                        : kind->fields[f].type == FIELD_REAL    ? json_real(strtod(v, NULL))
                        : kind->fields[f].type == FIELD_JSON    ? json_or_null(v)
                                                                : json_string(v);
        json_object_set_new(json, kind->fields[f].name, value);
    }
    return json;
}

json_t *record_page_json(const struct record_kind *kind, const struct record *records, int count, const char *next)
{
    json_t *items = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(items, record_json(kind, &records[i]));
    return json_pack("{s:o,s:s?}", "items", items, "next_cursor", next);
}
