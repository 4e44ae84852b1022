/* The neighbourhood of a person or context; see network.h. The subject is
 * read (and audited) as any record is; the walk runs over the network in
 * memory (network_index.c), which follows only links and nodes the caller
 * may read; the details of the nodes found are then read from the
 * database, and one audit event lists everything shown. */
#include "domain/network.h"

#include <string.h>

#include "auth/access.h"
#include "domain/context.h"
#include "domain/link.h"
#include "domain/network_index.h"
#include "domain/person.h"
#include "util/arena.h"
#include "util/idmap.h"
#include "util/json_text.h"

/* Loads the records of the view's nodes of kind (which hold only ids)
 * from the database, only those the caller may read; false when one is
 * missing. The ids go in as one JSON array, so that the statement is the
 * same for every view and stays prepared. */
static bool fill_nodes_of(struct domain_context *ctx, struct network_view *v, const struct record_kind *kind)
{
    struct json_text ids;
    json_text_init(&ids, ctx->arena);
    json_text_array(&ids);
    int count = 0;
    for (int i = 1; i < v->node_count; i++)
        if (v->nodes[i].kind == kind) {
            json_text_string(&ids, v->nodes[i].record.id);
            count++;
        }
    json_text_end_array(&ids);
    if (count == 0)
        return true;
    struct record *found;
    int rows = 0;
    if (record_select_ids_readable(ctx, kind, ids.data, &found, &rows) != STORE_OK || rows != count)
        return false;
    struct idmap *by_id = idmap_new(ctx->arena, (size_t)rows);
    for (int i = 0; i < rows; i++)
        idmap_put(by_id, found[i].id, i);
    for (int i = 1; i < v->node_count; i++)
        if (v->nodes[i].kind == kind)
            v->nodes[i].record = found[idmap_get(by_id, v->nodes[i].record.id)];
    return true;
}

/* One audit event for the view, listing every node and link shown; the
 * access module decides each again, so an index that disagreed with the
 * policy would fail here. */
static enum domain_status audit_view(struct domain_context *ctx, const struct network_view *v)
{
    int count = v->node_count + v->edge_count;
    struct record_ref *refs = arena_alloc(ctx->arena, sizeof *refs * (size_t)(count + 1));
    int n = 0;
    for (int i = 0; i < v->node_count; i++)
        refs[n++] = record_ref_of(v->nodes[i].kind, &v->nodes[i].record);
    for (int i = 0; i < v->edge_count; i++)
        refs[n++] = record_ref_of(&link_kind, &v->edges[i].link);
    const struct network_node *subject = &v->nodes[0];
    /* no transaction: a view takes no write lock (its event joins the response's) */
    return access_records(ctx->conn, ctx->arena, &ctx->caller, "read", subject->kind->record_type, subject->record.id,
                          refs, n)
                   .allowed
               ? DOMAIN_OK
               : DOMAIN_UNAVAILABLE;
}

/* The subject, if the caller may read it (audited with the view); a
 * refusal is audited as any refused read. */
static enum domain_status read_subject(struct domain_context *ctx, const char *id, struct record *out)
{
    const struct record_kind *kinds[] = {&person_kind, &context_kind};
    for (int k = 0; k < 2; k++)
        if (record_exists(ctx, kinds[k], id, NULL))
            return record_peek(ctx, kinds[k], id, out) ? DOMAIN_OK : record_read(ctx, kinds[k], id, out);
    return DOMAIN_NOT_FOUND;
}

enum domain_status network_neighbourhood(struct domain_context *ctx, const char *subject_id, int depth,
                                         const struct network_filter *filter, int max_nodes,
                                         struct network_view *out)
{
    *out = (struct network_view){0};
    struct network_index *index = network_index_current();
    if (index == NULL)
        return DOMAIN_UNAVAILABLE;
    struct record subject;
    enum domain_status status = read_subject(ctx, subject_id, &subject);
    if (status == DOMAIN_OK)
        status = network_index_walk(index, ctx, subject_id, depth, filter, max_nodes, out);
    if (status != DOMAIN_OK)
        return status;
    out->nodes[0].record = subject;
    if (!fill_nodes_of(ctx, out, &person_kind) ||
        !fill_nodes_of(ctx, out, &context_kind))
        return DOMAIN_UNAVAILABLE;
    return audit_view(ctx, out);
}
