/* JSON rendering of query results; see render.h. */
#include "api/render.h"

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
