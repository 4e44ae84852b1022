/* The minutes of a MACE meeting as one reader may see them; see minutes.h. */
#include "domain/minutes.h"

#include <string.h>

#include "auth/access.h"
#include "domain/action.h"
#include "domain/agency.h"
#include "domain/context.h"
#include "domain/person.h"
#include "util/arena.h"
#include "util/clock.h"

/* The records an export releases, for its audit event. */
struct released {
    struct record_ref *refs;
    int count;
};

static void release(struct released *r, const struct record_kind *kind, const struct record *record)
{
    r->refs[r->count++] = record_ref_of(kind, record);
}

/* A person or context named by several items is listed once. */
static void release_subject(struct released *r, const struct record_kind *kind, const struct record *record)
{
    for (int i = 0; i < r->count; i++)
        if (strcmp(r->refs[i].type, kind->record_type) == 0 && strcmp(r->refs[i].id, record->id) == 0)
            return;
    release(r, kind, record);
}

static const char *agency_or_blank(struct domain_context *ctx, const char *id)
{
    const char *name = agency_name(ctx->conn, ctx->arena, id);
    return name != NULL ? name : "";
}

static void gather_meeting(struct domain_context *ctx, const struct meeting *m, struct minutes *out)
{
    out->meeting_id = m->record.id;
    out->title = m->record.values[MEETING_TITLE];
    out->held_on = m->record.values[MEETING_HELD_ON];
    out->status = m->record.values[MEETING_STATUS];
    out->exported_at = clock_now_text(ctx->arena);
    for (int i = 0; i < m->invited_count; i++) {
        const char *name = agency_name(ctx->conn, ctx->arena, m->invited[i]);
        out->invited[out->invited_count++] = name != NULL ? name : m->invited[i];
    }
    for (int i = 0; i < m->attendance_count; i++)
        out->attendance[out->attendance_count++] = (struct minutes_attendee){
            m->attendance[i].name, agency_or_blank(ctx, m->attendance[i].agency_id), m->attendance[i].attended};
}

/* Names the item's subject as GET /api/v1/people/{id} or /contexts/{id}
 * would show it to the caller (each an audited read). */
static void name_subject(struct domain_context *ctx, const struct record *item, struct minutes_item *out,
                         struct released *released)
{
    const char *person_id = item->values[ITEM_PERSON_ID], *context_id = item->values[ITEM_CONTEXT_ID];
    out->subject_is = MINUTES_SUBJECT_NONE;
    if (person_id != NULL) {
        struct person p;
        out->subject_is = MINUTES_SUBJECT_HIDDEN_PERSON;
        if (person_read(ctx, person_id, &p) == DOMAIN_OK) {
            const char *given = p.record.values[PERSON_GIVEN_NAME], *family = p.record.values[PERSON_FAMILY_NAME];
            out->subject_is = MINUTES_SUBJECT_NAMED;
            out->subject = arena_printf(ctx->arena, "%s %s", given ? given : "", family ? family : "");
            release_subject(released, &person_kind, &p.record);
        }
    } else if (context_id != NULL) {
        struct record c;
        out->subject_is = MINUTES_SUBJECT_HIDDEN_CONTEXT;
        if (record_read(ctx, &context_kind, context_id, &c) == DOMAIN_OK && c.values[CONTEXT_NAME] != NULL) {
            out->subject_is = MINUTES_SUBJECT_NAMED;
            out->subject = c.values[CONTEXT_NAME];
            release_subject(released, &context_kind, &c);
        }
    }
}

/* The items shown, for telling which actions belong to none of them. */
struct shown {
    const struct record *items;
    int count;
};

static bool agreed_on(const struct record *action, const void *item_id)
{
    return action->values[ACTION_ITEM_ID] != NULL && strcmp(action->values[ACTION_ITEM_ID], item_id) == 0;
}

static bool on_no_shown_item(const struct record *action, const void *shown_items)
{
    const struct shown *shown = shown_items;
    for (int i = 0; i < shown->count; i++)
        if (agreed_on(action, shown->items[i].id))
            return false;
    return true;
}

/* The actions for which belongs(action, which) holds, in the order given
 * (newest first), into *out. */
static void attach_actions(struct domain_context *ctx, bool (*belongs)(const struct record *, const void *),
                           const void *which, const struct record *actions, int count, struct minutes_action **out,
                           int *out_count, struct released *released)
{
    const char *today = clock_today_text(ctx->arena);
    *out = arena_alloc(ctx->arena, sizeof **out * (size_t)(count + 1));
    *out_count = 0;
    for (int i = 0; i < count; i++) {
        const struct record *a = &actions[i];
        if (!belongs(a, which))
            continue;
        (*out)[(*out_count)++] = (struct minutes_action){
            a->values[ACTION_DESCRIPTION], agency_or_blank(ctx, a->owner_agency_id), a->values[ACTION_DUE_ON],
            a->values[ACTION_STATUS], action_is_overdue(a, today)};
        release(released, &action_kind, a);
    }
}

static void gather_item(struct domain_context *ctx, const struct record *item, const struct record *actions,
                        int action_count, struct minutes_item *out, struct released *released)
{
    memset(out, 0, sizeof *out);
    out->position = item->values[ITEM_POSITION];
    out->kind = item->values[ITEM_KIND];
    out->reason = item->values[ITEM_REASON];
    out->discussion = item->values[ITEM_DISCUSSION];
    out->decisions = item->values[ITEM_DECISIONS];
    release(released, &meeting_item_kind, item);
    name_subject(ctx, item, out, released);
    attach_actions(ctx, agreed_on, item->id, actions, action_count, &out->actions, &out->action_count, released);
}

enum domain_status minutes_gather(struct domain_context *ctx, const char *meeting_id, struct minutes *out)
{
    memset(out, 0, sizeof *out);
    struct meeting m;
    struct record *items = arena_alloc(ctx->arena, sizeof *items * MEETING_ITEMS_MAX), *actions = NULL;
    int item_count = 0, action_count = 0;
    enum domain_status status = meeting_read(ctx, meeting_id, &m);
    if (status == DOMAIN_OK)
        status = meeting_items_of(ctx, m.record.id, items, &item_count);
    if (status == DOMAIN_OK)
        status = action_list_of_meeting(ctx, m.record.id, &actions, &action_count);
    if (status != DOMAIN_OK)
        return status;
    gather_meeting(ctx, &m, out);
    /* The meeting, each item, its subject and each action at most once. */
    struct released released = {
        arena_alloc(ctx->arena, sizeof *released.refs * (size_t)(1 + 2 * item_count + action_count)), 0};
    release(&released, &meeting_kind, &m.record);
    out->items = arena_alloc(ctx->arena, sizeof *out->items * (size_t)(item_count + 1));
    for (int i = 0; i < item_count; i++)
        gather_item(ctx, &items[i], actions, action_count, &out->items[out->item_count++], &released);
    const struct shown shown = {items, item_count};
    attach_actions(ctx, on_no_shown_item, &shown, actions, action_count, &out->other_actions, &out->other_action_count,
                   &released);
    return access_records(ctx->conn, ctx->arena, &ctx->caller, "export", "meeting", m.record.id, released.refs,
                          released.count)
                   .allowed
               ? DOMAIN_OK
               : DOMAIN_UNAVAILABLE;
}
