/* The chronology of a person or a context: every concern, screening
 * and link about them (for an adult of concern, the disruption against
 * them; for a context, its assessments, interventions and disruption), newest first by the date it happened, each entry shown
 * only if the caller may read it and everyone it names (later issues add
 * actions). Each entry shown is audited as a read. */
#ifndef CSHUB_CHRONOLOGY_H
#define CSHUB_CHRONOLOGY_H

#include "domain/record.h"

struct chronology_entry {
    const struct record_kind *kind; /* concern, screening, link, assessment, intervention or disruption kind */
    const char *date;               /* YYYY-MM-DD: concern date, screened on, first seen, assessed on, started on,
                                     * occurred on */
    const char *key;                /* date|created_at|id: the order, and the cursor */
    struct record record;
};

/* subject_kind is person_kind or context_kind; the caller has read the
 * subject. cursor: the key of the last entry of the previous page. */
enum domain_status chronology_of(struct domain_context *ctx, const struct record_kind *subject_kind,
                                 const char *subject_id, const char *cursor, int limit,
                                 struct chronology_entry *out, int *count, const char **next);

#endif
