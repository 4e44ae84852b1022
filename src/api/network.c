/* Network handlers: read and check the query (each error names its
 * parameter), call domain/network.c, and answer nodes and edges in the
 * shape a graph view draws directly. */
#include "api/network.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "domain/context.h"
#include "domain/link.h"
#include "domain/network.h"
#include "domain/person.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/ids.h"

#define MAX_NODES_LIMIT 500

static bool refuse(struct request *req, const char *field, const char *message)
{
    respond_error(req, 400, "invalid_field", arena_printf(req->arena, "%s %s", field, message), field);
    return false;
}

/* ?confidence=confirmed,reported (default: all three). */
static bool read_confidences(struct request *req, struct network_filter *filter)
{
    const char *text = request_query(req, "confidence");
    if (text == NULL) {
        for (int i = 0; i < link_confidence_count; i++)
            filter->confidence[i] = true;
        return true;
    }
    char *copy = arena_strdup(req->arena, text), *save = NULL;
    for (char *word = strtok_r(copy, ",", &save); word != NULL; word = strtok_r(NULL, ",", &save)) {
        int i = 0;
        while (i < link_confidence_count && strcmp(word, link_confidences[i]) != 0)
            i++;
        if (i == link_confidence_count)
            return refuse(req, "confidence", "must list some of: confirmed, reported, intelligence");
        filter->confidence[i] = true;
    }
    return true;
}

static bool network_read_filter(struct request *req, struct network_filter *filter)
{
    *filter = (struct network_filter){0};
    if (!read_confidences(req, filter) || !input_query_date(req, "since", &filter->since) ||
        !input_query_date(req, "until", &filter->until))
        return false;
    if (filter->since != NULL && filter->until != NULL && strcmp(filter->since, filter->until) > 0)
        return refuse(req, "until", "must not be before since");
    return true;
}

static json_t *node_json(const struct network_node *n)
{
    const char *const *v = n->record.values;
    if (n->kind == &context_kind)
        return json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:i}", "id", n->record.id, "type", "context", "kind",
                         v[CONTEXT_KIND], "label", v[CONTEXT_NAME], "location_kind", v[CONTEXT_LOCATION_KIND],
                         "latitude", v[CONTEXT_LATITUDE], "longitude", v[CONTEXT_LONGITUDE], "depth", n->depth);
    json_t *json = json_pack("{s:s,s:s,s:s,s:s?,s:i}", "id", n->record.id, "type", "person", "kind", v[PERSON_KIND],
                             "date_of_birth", v[PERSON_DATE_OF_BIRTH], "depth", n->depth);
    json_object_set_new(json, "label", json_sprintf("%s %s", v[PERSON_GIVEN_NAME], v[PERSON_FAMILY_NAME]));
    return json;
}

static json_t *edge_json(const struct network_view *view, const struct network_edge *e)
{
    const char *const *v = e->link.values;
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s?,s:s?}", "id", e->link.id, "source", view->nodes[e->source].record.id,
                     "target", view->nodes[e->target].record.id, "link_type", v[LINK_TYPE], "confidence",
                     v[LINK_CONFIDENCE], "first_seen", v[LINK_FIRST_SEEN], "last_seen", v[LINK_LAST_SEEN]);
}

static json_t *view_json(const struct network_view *view)
{
    json_t *nodes = json_array(), *edges = json_array();
    for (int i = 0; i < view->node_count; i++)
        json_array_append_new(nodes, node_json(&view->nodes[i]));
    for (int i = 0; i < view->edge_count; i++)
        json_array_append_new(edges, edge_json(view, &view->edges[i]));
    return json_pack("{s:o,s:o,s:b}", "nodes", nodes, "edges", edges, "truncated", view->truncated);
}

void api_network_neighbourhood(struct request *req)
{
    const char *subject = request_query(req, "subject");
    if (subject == NULL || !id_is_valid(subject)) {
        respond_error(req, 400, subject ? "invalid_field" : "missing_field",
                      "subject must be the id of a person or context", "subject");
        return;
    }
    int depth = 2, max_nodes = 200;
    struct network_filter filter;
    if (!input_query_int(req, "depth", 1, NETWORK_MAX_DEPTH, &depth) ||
        !input_query_int(req, "max_nodes", 1, MAX_NODES_LIMIT, &max_nodes) || !network_read_filter(req, &filter))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct network_view view;
    enum domain_status status = network_neighbourhood(&ctx, subject, depth, &filter, max_nodes, &view);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "person or context");
        return;
    }
    json_t *body = view_json(&view);
    json_object_set_new(body, "subject", json_string(subject));
    json_object_set_new(body, "depth", json_integer(depth));
    respond_json(req, 200, body);
}
