/* Chronologies; see chronology.h. Each source (concerns, screenings,
 * links, actions and MACE agenda items, disruption against an adult of
 * concern; for a context also its assessments, interventions and
 * disruption) is read
 * newest first after the cursor, filtered by the access policy, and the
 * sources are merged by key. */
#include "domain/chronology.h"

#include <stdlib.h>
#include <string.h>

#include "domain/action.h"
#include "domain/assessment.h"
#include "domain/concern.h"
#include "domain/context.h"
#include "domain/disruption.h"
#include "domain/intervention.h"
#include "domain/link.h"
#include "domain/meeting.h"
#include "domain/person.h"
#include "domain/screening.h"
#include "util/arena.h"

#define CANDIDATES_PER_SOURCE_MAX 400
#define CURSOR_MAX 80

struct source {
    const struct record_kind *kind;
    const char *date_sql;        /* the entry's date, naming the table "r" */
    const char *about_person;    /* conditions; each "?" is the subject's id ("0 = 1": never) */
    const char *about_context;
    int date_field;              /* NULL there, or -1: the day it was recorded */
    record_filter visible;
};

static bool concern_entry_visible(struct domain_context *ctx, const struct record *r)
{
    return concern_subjects_visible(ctx, r->values[CONCERN_PERSON_ID], r->values[CONCERN_CONTEXT_ID]);
}

static bool screening_entry_visible(struct domain_context *ctx, const struct record *r)
{
    return concern_subjects_visible(ctx, r->values[SCREENING_PERSON_ID], r->values[SCREENING_CONTEXT_ID]);
}

static bool assessment_entry_visible(struct domain_context *ctx, const struct record *r)
{
    return record_visible(ctx, &context_kind, r->values[ASSESSMENT_CONTEXT_ID]);
}

static bool intervention_entry_visible(struct domain_context *ctx, const struct record *r)
{
    return record_visible(ctx, &context_kind, r->values[INTERVENTION_CONTEXT_ID]);
}

static const struct source sources[] = {
    {&concern_kind, "r.concern_date", "r.person_id = ?", "r.context_id = ?", CONCERN_DATE, concern_entry_visible},
    {&screening_kind, "r.screened_on", "r.person_id = ?", "r.context_id = ?", SCREENING_SCREENED_ON,
     screening_entry_visible},
    {&link_kind, "COALESCE(r.first_seen, SUBSTR(r.created_at, 1, 10))", "r.person_id = ? OR r.to_person_id = ?",
     "r.to_context_id = ?", LINK_FIRST_SEEN, link_ends_visible},
    {&assessment_kind, "r.assessed_on", "0 = 1", "r.context_id = ?", ASSESSMENT_ASSESSED_ON,
     assessment_entry_visible},
    {&intervention_kind, "r.started_on", "0 = 1", "r.context_id = ?", INTERVENTION_STARTED_ON,
     intervention_entry_visible},
    {&person_intervention_kind, "r.started_on", "r.person_id = ?", "0 = 1", INTERVENTION_STARTED_ON,
     person_intervention_subject_visible},
    {&disruption_kind, "r.occurred_on", "r.person_id = ?", "0 = 1", DISRUPTION_OCCURRED_ON, disruption_target_visible},
    {&context_disruption_kind, "r.occurred_on", "0 = 1", "r.context_id = ?", DISRUPTION_OCCURRED_ON,
     disruption_target_visible},
    {&action_kind, "SUBSTR(r.created_at, 1, 10)", "r.person_id = ?", "r.context_id = ?", -1, action_visible},
    {&meeting_item_kind, "SUBSTR(r.created_at, 1, 10)", "r.person_id = ?", "r.context_id = ?", -1,
     meeting_item_subject_visible},
};
#define SOURCE_COUNT (sizeof sources / sizeof sources[0])

static const char *entry_date(struct arena *arena, const struct source *source, const struct record *r)
{
    const char *date = source->date_field >= 0 ? r->values[source->date_field] : NULL;
    return date != NULL ? date : arena_strndup(arena, r->created_at, 10);
}

static bool cursor_is_valid(const char *cursor)
{
    size_t length = strlen(cursor);
    return length > 0 && length <= CURSOR_MAX &&
           strspn(cursor, "0123456789abcdefABCDEFTZ:.-|") == length;
}

/* Visible entries of one source, after cursor, at most max, newest first. */
static enum domain_status read_source(struct domain_context *ctx, const struct source *source, bool about_person,
                                      const char *subject_id, const char *cursor, int max,
                                      struct chronology_entry *out, int *count)
{
    const char *condition = about_person ? source->about_person : source->about_context;
    const char *key_sql = arena_printf(ctx->arena, "(%s || '|' || r.created_at || '|' || r.id)", source->date_sql);
    const char *where = arena_printf(ctx->arena, "(%s) AND %s < ?", condition, key_sql);
    struct store_value p[4];
    int n = 0;
    for (const char *mark = strchr(condition, '?'); mark != NULL; mark = strchr(mark + 1, '?'))
        p[n++] = store_text(subject_id);
    p[n++] = store_text(cursor);
    struct record *rows;
    int found = 0;
    if (record_select_readable(ctx, source->kind, where, p, n, arena_printf(ctx->arena, "ORDER BY %s DESC", key_sql),
                               max, &rows, &found) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    for (int i = 0; i < found; i++) {
        if (!source->visible(ctx, &rows[i]))
            continue;
        struct chronology_entry *e = &out[(*count)++];
        e->kind = source->kind;
        e->record = rows[i];
        e->date = entry_date(ctx->arena, source, &rows[i]);
        e->key = arena_printf(ctx->arena, "%s|%s|%s", e->date, rows[i].created_at, rows[i].id);
    }
    return DOMAIN_OK;
}

/* Agenda items shown: each numbered by its place among the items of its
 * meeting the reader sees (only those shown, after the cut). */
static void place_items(struct domain_context *ctx, struct chronology_entry *entries, int count)
{
    struct record **items = arena_alloc(ctx->arena, sizeof *items * (size_t)(count + 1));
    int n = 0;
    for (int i = 0; i < count; i++)
        if (entries[i].kind == &meeting_item_kind)
            items[n++] = &entries[i].record;
    meeting_items_place(ctx, items, n);
}

static int newest_first(const void *a, const void *b)
{
    return strcmp(((const struct chronology_entry *)b)->key, ((const struct chronology_entry *)a)->key);
}

/* Audits the shown entries as reads, one kind at a time. */
static enum domain_status audit_shown(struct domain_context *ctx, const struct chronology_entry *entries, int count)
{
    struct record *batch = arena_alloc(ctx->arena, sizeof *batch * (size_t)(count ? count : 1));
    for (size_t s = 0; s < SOURCE_COUNT; s++) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (entries[i].kind == sources[s].kind)
                batch[n++] = entries[i].record;
        }
        if (record_audit_reads(ctx, sources[s].kind, batch, n) != DOMAIN_OK)
            return DOMAIN_UNAVAILABLE;
    }
    return DOMAIN_OK;
}

enum domain_status chronology_of(struct domain_context *ctx, const struct record_kind *subject_kind,
                                 const char *subject_id, const char *cursor, int limit,
                                 struct chronology_entry *out, int *count, const char **next)
{
    const char *after = cursor != NULL && cursor_is_valid(cursor) ? cursor : "~";
    int per_source = limit * 4 > CANDIDATES_PER_SOURCE_MAX ? CANDIDATES_PER_SOURCE_MAX : limit * 4;
    struct chronology_entry *all =
        arena_alloc(ctx->arena, sizeof *all * (size_t)per_source * SOURCE_COUNT);
    int total = 0;
    for (size_t s = 0; s < SOURCE_COUNT; s++) {
        if (read_source(ctx, &sources[s], subject_kind == &person_kind, subject_id, after, per_source, all,
                        &total) != DOMAIN_OK)
            return DOMAIN_UNAVAILABLE;
    }
    qsort(all, (size_t)total, sizeof *all, newest_first);
    *count = total < limit ? total : limit;
    memcpy(out, all, sizeof *out * (size_t)*count);
    *next = *count == limit ? out[limit - 1].key : NULL;
    place_items(ctx, out, *count);
    return audit_shown(ctx, out, *count);
}
