/* Disruption against adults of concern and contexts; see disruption.h. */
#include "domain/disruption.h"

#include <string.h>

#include "domain/context.h"
#include "domain/person.h"
#include "util/arena.h"

#define ANY_TARGET (AGAINST_ADULT | AGAINST_PREMISES | AGAINST_OTHER_PLACE)

/* Orders and notices against people are made against a person; closure
 * orders and licensing reviews against premises; a Community Protection
 * Notice against either (Anti-social Behaviour, Crime and Policing Act
 * 2014, s.43 and s.76; Licensing Act 2003, s.51). */
const struct disruption_tactic disruption_tactics[] = {
    {"child_abduction_warning_notice", "Child Abduction Warning Notice", AGAINST_ADULT, "an adult of concern"},
    {"community_protection_notice", "Community Protection Notice", AGAINST_ADULT | AGAINST_PREMISES,
     "an adult of concern or premises (a place)"},
    {"closure_order", "Closure order", AGAINST_PREMISES, "premises (a place such as a house or a shop)"},
    {"arrest", "Arrest", AGAINST_ADULT, "an adult of concern"},
    {"licensing_review", "Licensing review", AGAINST_PREMISES, "licensed premises (a place such as a shop)"},
    {"nrm_referral", "National Referral Mechanism referral", AGAINST_ADULT, "an adult of concern"},
    {"sexual_risk_order", "Sexual Risk Order", AGAINST_ADULT, "an adult of concern"},
    {"slavery_trafficking_prevention_order", "Slavery and Trafficking Prevention Order", AGAINST_ADULT,
     "an adult of concern"},
    {"other", "Other", ANY_TARGET, "anything"},
};
const int disruption_tactic_count = sizeof disruption_tactics / sizeof disruption_tactics[0];

const char *disruption_tactic_misfit(struct arena *arena, const char *tactic, const char *target_kind)
{
    unsigned target = target_kind == NULL                    ? AGAINST_ADULT
                      : strcmp(target_kind, "location") == 0 ? AGAINST_PREMISES
                                                             : AGAINST_OTHER_PLACE;
    for (int i = 0; i < disruption_tactic_count; i++)
        if (strcmp(tactic, disruption_tactics[i].code) == 0)
            return disruption_tactics[i].against & target
                       ? NULL
                       : arena_printf(arena, "must suit the target: %s is used against %s, not %s", disruption_tactics[i].label,
                                      disruption_tactics[i].fits,
                                      target == AGAINST_ADULT      ? "a person"
                                      : target == AGAINST_PREMISES ? "a place"
                                                                   : "a group, an online space or a school");
    return NULL;
}

const char *disruption_tactic_label(const char *code)
{
    for (int i = 0; code != NULL && i < disruption_tactic_count; i++)
        if (strcmp(code, disruption_tactics[i].code) == 0)
            return disruption_tactics[i].label;
    return NULL;
}

static const struct record_field disruption_fields[DISRUPTION_FIELD_COUNT] = {
    [DISRUPTION_PERSON_ID] = {"person_id", FIELD_TEXT, false},
    [DISRUPTION_CONTEXT_ID] = {"context_id", FIELD_TEXT, false},
    [DISRUPTION_TACTIC] = {"tactic", FIELD_TEXT, true},
    [DISRUPTION_TACTIC_DESCRIPTION] = {"tactic_description", FIELD_TEXT, false},
    [DISRUPTION_AGENCY_ID] = {"agency_id", FIELD_TEXT, true},
    [DISRUPTION_OCCURRED_ON] = {"occurred_on", FIELD_TEXT, true},
    [DISRUPTION_RESULT] = {"result", FIELD_TEXT, false},
    [DISRUPTION_OUTCOME_ON] = {"outcome_on", FIELD_TEXT, false},
    [DISRUPTION_NOTES] = {"notes", FIELD_TEXT, false},
    [DISRUPTION_SHARING] = {"sharing", FIELD_TEXT, true},
};

/* The search key holds no free text: the date and the tactic. */
static const char *disruption_search_text(struct arena *arena, const char *const *values)
{
    return arena_printf(arena, "%s %s", values[DISRUPTION_OCCURRED_ON], values[DISRUPTION_TACTIC]);
}

const struct record_kind disruption_kind = {
    .table = "disruptions",
    .record_type = "disruption",
    .fields = disruption_fields,
    .field_count = DISRUPTION_FIELD_COUNT,
    .sharing_field = DISRUPTION_SHARING,
    .about_a_person = false,
    .person_field = DISRUPTION_PERSON_ID,
    .live = "r.person_id IS NOT NULL",
    .search_text = disruption_search_text,
};

const struct record_kind context_disruption_kind = {
    .table = "disruptions",
    .record_type = "context_disruption",
    .fields = disruption_fields,
    .field_count = DISRUPTION_FIELD_COUNT,
    .sharing_field = DISRUPTION_SHARING,
    .about_a_person = false,
    .person_field = -1,
    .live = "r.context_id IS NOT NULL",
    .search_text = disruption_search_text,
};

const struct record_kind *disruption_kind_of(const struct record *r)
{
    return r->values[DISRUPTION_CONTEXT_ID] != NULL ? &context_disruption_kind : &disruption_kind;
}

bool disruption_target_visible(struct domain_context *ctx, const struct record *r)
{
    const char *person = r->values[DISRUPTION_PERSON_ID], *context = r->values[DISRUPTION_CONTEXT_ID];
    return person != NULL ? record_visible(ctx, &person_kind, person) : record_visible(ctx, &context_kind, context);
}

/* Which of the two kinds disruption id is, NULL when there is none
 * (nothing about it is released). */
static const struct record_kind *stored_kind(struct domain_context *ctx, const char *id)
{
    return record_exists(ctx, &context_disruption_kind, id, "r.context_id IS NOT NULL") ? &context_disruption_kind
           : record_exists(ctx, &disruption_kind, id, NULL)                            ? &disruption_kind
                                                                                       : NULL;
}

enum domain_status disruption_create(struct domain_context *ctx, const struct record_input *in, struct record *out)
{
    struct record target = {0};
    target.values[DISRUPTION_PERSON_ID] = in->values[DISRUPTION_PERSON_ID];
    target.values[DISRUPTION_CONTEXT_ID] = in->values[DISRUPTION_CONTEXT_ID];
    if (!disruption_target_visible(ctx, &target))
        return DOMAIN_NOT_FOUND;
    enum domain_status status = record_create(ctx, disruption_kind_of(&target), in, out);
    return status == DOMAIN_OK ? record_finish(ctx, STORE_OK) : status;
}

enum domain_status disruption_read(struct domain_context *ctx, const char *id, struct record *out)
{
    const struct record_kind *kind = stored_kind(ctx, id);
    return kind != NULL ? record_read_naming(ctx, kind, id, disruption_target_visible, out) : DOMAIN_NOT_FOUND;
}

enum domain_status disruption_update(struct domain_context *ctx, const char *id, const struct record_input *in,
                                     struct record *out)
{
    struct record found;
    if (disruption_read(ctx, id, &found) != DOMAIN_OK)
        return DOMAIN_NOT_FOUND;
    const struct record_kind *kind = disruption_kind_of(&found);
    enum domain_status status = record_begin_write(ctx, kind, found.id, "update", out);
    if (status != DOMAIN_OK)
        return status;
    status = record_update_fields(ctx, kind, in, out);
    return record_finish(ctx, status == DOMAIN_OK ? STORE_OK : STORE_ERROR);
}

enum domain_status disruption_list(struct domain_context *ctx, const char *person_id, const char *context_id,
                                   const char *cursor, int limit, struct record *out, int *count, const char **next)
{
    bool about_person = person_id != NULL;
    const struct store_value p[] = {store_text(about_person ? person_id : context_id)};
    return record_list_newest(ctx, about_person ? &disruption_kind : &context_disruption_kind,
                              about_person ? "r.person_id = ?" : "r.context_id = ?", p, 1, disruption_target_visible,
                              cursor, limit, out, count, next);
}
