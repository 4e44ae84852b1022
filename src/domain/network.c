/* The neighbourhood of a person or context; see network.h. A breadth-first
 * walk in SQL: each step asks for the links of one node that the caller
 * may read and the filter admits, and follows a link only to a node the
 * caller may read, so nothing hidden is shown or walked through. */
#include "domain/network.h"

#include <string.h>

#include "auth/access.h"
#include "domain/context.h"
#include "domain/link.h"
#include "domain/person.h"
#include "util/arena.h"

#define MAX_PARAMS 64
#define LINKS_PER_NODE_MAX 2000

struct walk {
    struct domain_context *ctx;
    struct readable_filter people, contexts, links;
    const char *link_condition;
    struct store_value link_params[MAX_PARAMS];
    int link_param_count;
    struct network_view *view;
    int max_nodes, edge_capacity;
};

static int append(struct store_value *params, int count, int max, const struct store_value *more, int n)
{
    for (int i = 0; i < n && count < max; i++)
        params[count++] = more[i];
    return count;
}

const char *network_link_condition(struct domain_context *ctx, const struct network_filter *filter,
                                   struct store_value *params, int max, int *count)
{
    const char *confidences = NULL;
    for (int i = 0; i < link_confidence_count; i++) {
        if (!filter->confidence[i] || *count >= max)
            continue;
        confidences = confidences == NULL ? "?" : arena_printf(ctx->arena, "%s, ?", confidences);
        params[(*count)++] = store_text(link_confidences[i]);
    }
    const char *sql = confidences == NULL ? "0 = 1" : arena_printf(ctx->arena, "r.confidence IN (%s)", confidences);
    const char *types = NULL;
    for (int i = 0; i < filter->link_type_count && *count < max; i++) {
        types = types == NULL ? "?" : arena_printf(ctx->arena, "%s, ?", types);
        params[(*count)++] = store_text(filter->link_types[i]);
    }
    if (types != NULL)
        sql = arena_printf(ctx->arena, "%s AND r.link_type IN (%s)", sql, types);
    if (filter->since != NULL && *count < max) {
        sql = arena_printf(ctx->arena, "%s AND (r.last_seen IS NULL OR r.last_seen >= ?)", sql);
        params[(*count)++] = store_text(filter->since);
    }
    if (filter->until != NULL && *count < max) {
        sql = arena_printf(ctx->arena, "%s AND (r.first_seen IS NULL OR r.first_seen <= ?)", sql);
        params[(*count)++] = store_text(filter->until);
    }
    return sql;
}

static int find_node(const struct network_view *view, const char *id)
{
    for (int i = 0; i < view->node_count; i++)
        if (strcmp(view->nodes[i].record.id, id) == 0)
            return i;
    return -1;
}

/* Adds node id (a person, or a context) if the caller may read it;
 * returns its index, or -1. */
static int add_node(struct walk *w, const char *id, const struct record_kind *kind, int depth)
{
    const struct readable_filter *readable = kind == &context_kind ? &w->contexts : &w->people;
    struct store_value params[READABLE_FILTER_MAX_PARAMS + 1] = {store_text(id)};
    int count = append(params, 1, READABLE_FILTER_MAX_PARAMS + 1, readable->params, readable->param_count);
    struct record found;
    int rows = 0;
    const char *tail = arena_printf(w->ctx->arena, "r.id = ? AND %s", readable->sql);
    if (record_select(w->ctx, kind, tail, params, count, &found, 1, &rows) != STORE_OK || rows != 1)
        return -1;
    struct network_view *v = w->view;
    v->nodes[v->node_count] = (struct network_node){.record = found, .kind = kind, .depth = depth};
    return v->node_count++;
}

static void add_edge(struct walk *w, const struct record *link, int source, int target)
{
    struct network_view *v = w->view;
    if (v->edge_count == w->edge_capacity) {
        w->edge_capacity = w->edge_capacity ? 2 * w->edge_capacity : 64;
        struct network_edge *grown = arena_alloc(w->ctx->arena, sizeof *grown * (size_t)w->edge_capacity);
        if (v->edge_count > 0)
            memcpy(grown, v->edges, sizeof *grown * (size_t)v->edge_count);
        v->edges = grown;
    }
    v->edges[v->edge_count++] = (struct network_edge){.link = *link, .source = source, .target = target};
}

static bool edge_known(const struct network_view *v, const char *link_id)
{
    for (int i = 0; i < v->edge_count; i++)
        if (strcmp(v->edges[i].link.id, link_id) == 0)
            return true;
    return false;
}

/* The links of node the caller may read and the filter admits. */
static bool incident_links(struct walk *w, const char *id, struct record *out, int *rows)
{
    struct store_value params[MAX_PARAMS] = {store_text(id), store_text(id), store_text(id)};
    int count = append(params, 3, MAX_PARAMS, w->links.params, w->links.param_count);
    count = append(params, count, MAX_PARAMS, w->link_params, w->link_param_count);
    const char *tail = arena_printf(w->ctx->arena,
                                    "(r.person_id = ? OR r.to_person_id = ? OR r.to_context_id = ?) AND %s AND %s "
                                    "ORDER BY r.id LIMIT %d",
                                    w->links.sql, w->link_condition, LINKS_PER_NODE_MAX);
    return record_select(w->ctx, &link_kind, tail, params, count, out, LINKS_PER_NODE_MAX, rows) == STORE_OK;
}

/* Follows the links of node index; new nodes only when grow is set (the
 * last ring only adds the links among nodes already found). */
static bool expand(struct walk *w, int index, bool grow)
{
    struct network_view *v = w->view;
    const char *id = v->nodes[index].record.id;
    struct record *links = arena_alloc(w->ctx->arena, sizeof *links * LINKS_PER_NODE_MAX);
    int rows = 0;
    if (!incident_links(w, id, links, &rows))
        return false;
    for (int i = 0; i < rows; i++) {
        const struct record *l = &links[i];
        const char *to_context = l->values[LINK_TO_CONTEXT_ID];
        const char *from = l->values[LINK_PERSON_ID];
        const char *other = strcmp(from, id) != 0 ? from : to_context ? to_context : l->values[LINK_TO_PERSON_ID];
        if (edge_known(v, l->id))
            continue;
        int at = find_node(v, other);
        if (at < 0 && grow && v->node_count < w->max_nodes)
            at = add_node(w, other, other == to_context ? &context_kind : &person_kind, v->nodes[index].depth + 1);
        else if (at < 0 && grow)
            v->truncated = true;
        if (at >= 0)
            add_edge(w, l, strcmp(from, id) == 0 ? index : at, strcmp(from, id) == 0 ? at : index);
    }
    return true;
}

static void prepare(struct walk *w, struct domain_context *ctx, const struct network_filter *filter)
{
    access_readable_filter(ctx->arena, &ctx->caller, RECORD_PERSONAL, "r", "person", "id", &w->people);
    access_readable_filter(ctx->arena, &ctx->caller, RECORD_CONTEXT, "r", "context", NULL, &w->contexts);
    access_readable_filter(ctx->arena, &ctx->caller, RECORD_PERSONAL, "r", "link", "person_id", &w->links);
    w->link_condition = network_link_condition(ctx, filter, w->link_params, MAX_PARAMS, &w->link_param_count);
}

/* Audits every node (but the subject, read already) and link shown as
 * read; the access module decides each again, so a filter that disagreed
 * with the policy would fail here. */
static enum domain_status audit_view(struct domain_context *ctx, const struct network_view *v)
{
    struct record *people = arena_alloc(ctx->arena, sizeof *people * (size_t)(v->node_count + 1));
    struct record *places = arena_alloc(ctx->arena, sizeof *places * (size_t)(v->node_count + 1));
    struct record *links = arena_alloc(ctx->arena, sizeof *links * (size_t)(v->edge_count + 1));
    int p = 0, c = 0;
    for (int i = 1; i < v->node_count; i++) {
        if (v->nodes[i].kind == &context_kind)
            places[c++] = v->nodes[i].record;
        else
            people[p++] = v->nodes[i].record;
    }
    for (int i = 0; i < v->edge_count; i++)
        links[i] = v->edges[i].link;
    enum domain_status status = record_audit_reads(ctx, &person_kind, people, p);
    if (status == DOMAIN_OK)
        status = record_audit_reads(ctx, &context_kind, places, c);
    if (status == DOMAIN_OK)
        status = record_audit_reads(ctx, &link_kind, links, v->edge_count);
    return status;
}

enum domain_status network_neighbourhood(struct domain_context *ctx, const char *subject_id, int depth,
                                         const struct network_filter *filter, int max_nodes,
                                         struct network_view *out)
{
    *out = (struct network_view){0};
    struct walk w = {.ctx = ctx, .view = out, .max_nodes = max_nodes};
    prepare(&w, ctx, filter);
    out->nodes = arena_alloc(ctx->arena, sizeof *out->nodes * (size_t)max_nodes);
    struct network_node *subject = &out->nodes[0];
    subject->kind = &person_kind;
    enum domain_status status = record_read(ctx, &person_kind, subject_id, &subject->record);
    if (status == DOMAIN_NOT_FOUND) {
        subject->kind = &context_kind;
        status = record_read(ctx, &context_kind, subject_id, &subject->record);
    }
    if (status != DOMAIN_OK)
        return status;
    out->node_count = 1;
    int ring_start = 0;
    for (int d = 0; d <= depth; d++) {
        int ring_end = out->node_count;
        for (int i = ring_start; i < ring_end; i++)
            if (!expand(&w, i, d < depth))
                return DOMAIN_UNAVAILABLE;
        ring_start = ring_end;
    }
    return audit_view(ctx, out);
}
