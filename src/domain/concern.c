/* Concerns; see concern.h. */
#include "domain/concern.h"

#include <string.h>

#include "domain/context.h"
#include "domain/definition.h"
#include "domain/link.h"
#include "domain/person.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"

const char *const concern_statuses[] = {"new", "screened", "at_mace", "closed"};
const int concern_status_count = sizeof concern_statuses / sizeof concern_statuses[0];

static const struct record_field concern_fields[CONCERN_FIELD_COUNT] = {
    [CONCERN_PERSON_ID] = {"person_id", FIELD_TEXT, false},
    [CONCERN_CONTEXT_ID] = {"context_id", FIELD_TEXT, false},
    [CONCERN_DATE] = {"concern_date", FIELD_TEXT, true},
    [CONCERN_RAISED_BY] = {"raised_by", FIELD_TEXT, false}, /* the caller's name unless given */
    [CONCERN_EXPLOITATION_TYPES] = {"exploitation_types", FIELD_JSON, false},
    [CONCERN_INDICATORS] = {"indicators", FIELD_JSON, false},
    [CONCERN_ADVERSE_EXPERIENCES] = {"adverse_experiences", FIELD_JSON, false},
    [CONCERN_NARRATIVE] = {"narrative", FIELD_TEXT, true},
    [CONCERN_YOUNG_PERSON_WORDS] = {"young_person_words", FIELD_TEXT, false},
    [CONCERN_STATUS] = {"status", FIELD_TEXT, false}, /* "new" unless given */
    [CONCERN_SHARING] = {"sharing", FIELD_TEXT, true},
};

static const char *concern_search_text(struct arena *arena, const char *const *values)
{
    return arena_strdup(arena, values[CONCERN_DATE]);
}

const struct record_kind concern_kind = {
    .table = "concerns",
    .record_type = "concern",
    .fields = concern_fields,
    .field_count = CONCERN_FIELD_COUNT,
    .sharing_field = CONCERN_SHARING,
    .about_a_person = false,
    .person_field = CONCERN_PERSON_ID,
    .search_text = concern_search_text,
};

bool concern_subjects_visible(struct domain_context *ctx, const char *person_id, const char *context_id)
{
    if (person_id == NULL && context_id == NULL)
        return false;
    return (person_id == NULL || record_visible(ctx, &person_kind, person_id)) &&
           (context_id == NULL || record_visible(ctx, &context_kind, context_id));
}

static bool concern_visible(struct domain_context *ctx, const struct record *r)
{
    return concern_subjects_visible(ctx, r->values[CONCERN_PERSON_ID], r->values[CONCERN_CONTEXT_ID]);
}

/* Raises the two-agency alert when another agency raised a concern about
 * the same young person within CONCERN_ALERT_DAYS of this one, unless the
 * hub was already alerted about them in that time. */
static enum store_status alert_if_two_agencies(struct domain_context *ctx, const struct record *concern)
{
    const char *person = concern->values[CONCERN_PERSON_ID];
    const char *date = concern->values[CONCERN_DATE];
    const char *from = clock_date_shift(ctx->arena, date, -CONCERN_ALERT_DAYS);
    const char *to = clock_date_shift(ctx->arena, date, CONCERN_ALERT_DAYS);
    if (person == NULL || from == NULL || to == NULL)
        return STORE_OK;
    const struct store_value p[] = {store_text(person), store_text(concern->owner_agency_id), store_text(from),
                                    store_text(to)};
    struct store_result others;
    enum store_status status = store_query(ctx->conn, ctx->arena,
                                           "SELECT 1 FROM concerns WHERE person_id = ? AND owner_agency_id <> ? "
                                           "AND concern_date BETWEEN ? AND ? LIMIT 1",
                                           p, 4, &others);
    if (status != STORE_OK || others.rows == 0)
        return status;
    char since[CLOCK_TEXT_SIZE];
    clock_format(ctx->caller.now - (int64_t)CONCERN_ALERT_DAYS * 86400, since);
    const struct store_value q[] = {store_text(person), store_text(since)};
    struct store_result earlier;
    status = store_query(ctx->conn, ctx->arena,
                         "SELECT 1 FROM alerts WHERE kind = 'concerns_from_two_agencies' AND record_id = ? "
                         "AND created_at >= ? LIMIT 1",
                         q, 2, &earlier);
    if (status != STORE_OK || earlier.rows > 0)
        return status;
    const struct store_value alert[] = {
        store_text(id_new(ctx->arena)), store_text(ctx->caller.is_token ? NULL : ctx->caller.user_id),
        store_text(person),
        store_text(arena_printf(ctx->arena, "concerns from two agencies within %d days", CONCERN_ALERT_DAYS)),
        store_text(clock_now_text(ctx->arena))};
    return store_exec(ctx->conn,
                      "INSERT INTO alerts (id, kind, user_id, record_type, record_id, reason, created_at) "
                      "VALUES (?, 'concerns_from_two_agencies', ?, 'person', ?, ?, ?)",
                      alert, 5, NULL);
}

/* The kind of link a concern at a context means: a peer group's member,
 * a school's pupil, otherwise someone who spends time there. */
static const char *place_link_type(struct domain_context *ctx, const char *context_id)
{
    struct record place;
    const char *kind = record_peek(ctx, &context_kind, context_id, &place) ? place.values[CONTEXT_KIND] : NULL;
    return kind == NULL                         ? "frequents"
           : strcmp(kind, "peer_group") == 0 ? "member_of"
           : strcmp(kind, "school") == 0     ? "attends"
                                              : "frequents";
}

/* Whether a link the caller may read already joins person_id to
 * context_id (one they may not read must neither show through nor stop
 * theirs being recorded). */
static bool already_linked(struct domain_context *ctx, const char *person_id, const char *context_id)
{
    const struct store_value p[] = {store_text(person_id), store_text(context_id)};
    struct record *found;
    int rows = 0;
    return record_select_readable(ctx, &link_kind, "r.person_id = ? AND r.to_context_id = ?", p, 2, NULL, 1, &found,
                                  &rows) != STORE_OK ||
           rows > 0; /* when the database cannot say, no second link */
}

/* In the concern's transaction: the young person at the concern's place,
 * as a reported link dated the day of the concern, shared as the concern
 * is, its source the concern — unless they are linked there already.
 * *link_id gets the new link's id, or NULL. */
static enum domain_status link_person_to_place(struct domain_context *ctx, const struct record *concern,
                                               const char **link_id)
{
    const char *person = concern->values[CONCERN_PERSON_ID], *place = concern->values[CONCERN_CONTEXT_ID];
    *link_id = NULL;
    if (person == NULL || place == NULL || already_linked(ctx, person, place))
        return DOMAIN_OK;
    const char *type = place_link_type(ctx, place);
    const char *term;
    int version = definition_current_version(ctx, "link_type", type, &term);
    const char *values[LINK_FIELD_COUNT] = {
        [LINK_TYPE] = type, [LINK_TYPE_VERSION] = arena_int_text(ctx->arena, version > 0 ? version : 1),
        [LINK_PERSON_ID] = person, [LINK_TO_CONTEXT_ID] = place,
        [LINK_FIRST_SEEN] = concern->values[CONCERN_DATE], [LINK_LAST_SEEN] = concern->values[CONCERN_DATE],
        [LINK_CONFIDENCE] = "reported", [LINK_SHARING] = concern->values[CONCERN_SHARING],
        [LINK_SOURCE_CONCERN_ID] = concern->id};
    struct record_input in = {0};
    for (int f = 0; f < LINK_FIELD_COUNT; f++) {
        in.present[f] = values[f] != NULL;
        in.values[f] = values[f];
    }
    struct record link;
    enum domain_status status = record_add(ctx, &link_kind, &in, concern->owner_agency_id, &link);
    if (status == DOMAIN_OK)
        *link_id = link.id;
    /* a link the policy refuses is left out (its refusal audited with the concern), not the concern */
    return status == DOMAIN_FORBIDDEN ? DOMAIN_OK : status;
}

enum domain_status concern_create(struct domain_context *ctx, const struct record_input *in, bool link_to_place,
                                  struct record *out, const char **link_id)
{
    *link_id = NULL;
    if (!concern_subjects_visible(ctx, in->values[CONCERN_PERSON_ID], in->values[CONCERN_CONTEXT_ID]))
        return DOMAIN_NOT_FOUND;
    enum domain_status status = record_create(ctx, &concern_kind, in, out);
    if (status != DOMAIN_OK)
        return status;
    enum store_status stored = STORE_OK;
    const char *person = out->values[CONCERN_PERSON_ID];
    if (person != NULL && !ctx->caller.is_token)
        stored = access_record_involvement(ctx->conn, ctx->arena, ctx->caller.user_id, person, ctx->caller.user_id);
    if (stored == STORE_OK)
        stored = alert_if_two_agencies(ctx, out);
    if (stored == STORE_OK && link_to_place)
        stored = link_person_to_place(ctx, out, link_id) == DOMAIN_OK ? STORE_OK : STORE_ERROR;
    status = record_finish(ctx, stored);
    if (status != DOMAIN_OK)
        *link_id = NULL;
    return status;
}

enum domain_status concern_read(struct domain_context *ctx, const char *id, struct record *out)
{
    return record_read_naming(ctx, &concern_kind, id, concern_visible, out);
}

enum domain_status concern_update(struct domain_context *ctx, const char *id, const struct record_input *in,
                                  struct record *out)
{
    struct record current;
    if (concern_read(ctx, id, &current) != DOMAIN_OK)
        return DOMAIN_NOT_FOUND;
    enum domain_status status = record_begin_write(ctx, &concern_kind, current.id, "update", out);
    if (status != DOMAIN_OK)
        return status;
    return record_finish(ctx, record_update_fields(ctx, &concern_kind, in, out) == DOMAIN_OK ? STORE_OK : STORE_ERROR);
}

enum domain_status concern_list(struct domain_context *ctx, const char *status, const char *person_id,
                                const char *context_id, const char *cursor, int limit, struct record *out,
                                int *count, const char **next)
{
    const struct store_value p[] = {store_text(status),    store_text(status),     store_text(person_id),
                                    store_text(person_id), store_text(context_id), store_text(context_id)};
    return record_list_newest(ctx, &concern_kind,
                              "(CAST(? AS TEXT) IS NULL OR r.status = ?) AND (CAST(? AS TEXT) IS NULL OR "
                              "r.person_id = ?) AND (CAST(? AS TEXT) IS NULL OR r.context_id = ?)",
                              p, 6, concern_visible, cursor, limit, out, count, next);
}
