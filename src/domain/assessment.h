/* Context assessments: a structured form for each kind of context (who is
 * there and when, harms, capable guardians, lighting and layout, routes
 * for a location; members, dynamics, harms and protective factors for a
 * peer group; culture, unsafe spaces and responses for a school; ...),
 * answered and ending in a risk rating (low, medium, high). A record
 * (domain/record.h) with the context's own access rules, shown only with
 * its context; never changed, so a context's risk is a history. */
#ifndef CSHUB_ASSESSMENT_H
#define CSHUB_ASSESSMENT_H

#include "domain/operation.h"
#include "domain/record.h"

enum assessment_field {
    ASSESSMENT_CONTEXT_ID,
    ASSESSMENT_ASSESSED_ON,
    ASSESSMENT_FORM,    /* the context kind whose form was answered */
    ASSESSMENT_ANSWERS, /* JSON {"question code": "answer", ...} */
    ASSESSMENT_RISK_RATING,
    ASSESSMENT_SUMMARY,
    ASSESSMENT_SHARING,
    ASSESSMENT_FIELD_COUNT,
};

extern const struct record_kind assessment_kind;
extern const char *const context_risk_ratings[];
extern const int context_risk_rating_count;

struct assessment_question {
    const char *code;
    const char *label;
};

struct assessment_form {
    const char *context_kind;
    const struct assessment_question *questions;
    int question_count;
};

extern const struct assessment_form assessment_forms[];
extern const int assessment_form_count;

/* The form for a kind of context, or NULL. */
const struct assessment_form *assessment_form_for(const char *kind);

/* Records an assessment of a context the caller may read (else
 * DOMAIN_NOT_FOUND); the form is the context's kind. */
enum domain_status assessment_create(struct domain_context *ctx, const struct record_input *in, struct record *out);

/* The assessments of a context the caller may see, newest first. */
enum domain_status assessment_list(struct domain_context *ctx, const char *context_id, const char *cursor, int limit,
                                   struct record *out, int *count, const char **next);

/* The date of the latest assessment of context_id the caller may read,
 * or NULL. */
const char *assessment_latest_on(struct domain_context *ctx, const char *context_id);

#endif
