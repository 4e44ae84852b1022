/* Screenings: the hub's documented, configurable risk tool applied to a
 * concern. The tool (a versioned JSON configuration, docs/screening.md)
 * scores the indicators and adverse childhood experiences and gives a
 * level (none, low, medium, high) with a breakdown; the screener records
 * the risk level decided (which may differ from the scored one), the
 * rationale and the pathway. Every screening is kept and never changed: a
 * young person's risk is a history. Screening needs the "screen concerns"
 * capability and marks the concern screened. */
#ifndef CSHUB_SCREENING_H
#define CSHUB_SCREENING_H

#include "domain/record.h"

enum screening_field {
    SCREENING_CONCERN_ID,
    SCREENING_PERSON_ID,
    SCREENING_CONTEXT_ID,
    SCREENING_SCREENED_ON,
    SCREENING_INDICATORS,         /* JSON [{"code","version"}] */
    SCREENING_ADVERSE_EXPERIENCES,/* JSON [{"code","version"}] */
    SCREENING_TOOL_VERSION,
    SCREENING_SCORE,
    SCREENING_SCORED_LEVEL,
    SCREENING_SCORE_BREAKDOWN,    /* JSON [{"code","weight"}] */
    SCREENING_RISK_LEVEL,
    SCREENING_RATIONALE,
    SCREENING_PATHWAY,
    SCREENING_SHARING,
    SCREENING_FIELD_COUNT,
};

extern const struct record_kind screening_kind;
extern const char *const risk_levels[];
extern const int risk_level_count;
extern const char *const pathways[];
extern const int pathway_count;

struct screening_request {
    const char *concern_id;
    const char *screened_on;         /* YYYY-MM-DD; NULL: today */
    const char *indicators;          /* JSON codes with versions; NULL: the concern's */
    const char *adverse_experiences; /* JSON codes with versions; NULL: the concern's */
    const char *risk_level;          /* NULL: the scored level */
    const char *rationale;
    const char *pathway;
    const char *sharing;             /* NULL: the concern's */
};

/* Scores and records a screening of a concern the caller may read. */
enum domain_status screening_create(struct domain_context *ctx, const struct screening_request *request,
                                    struct record *out);

enum domain_status screening_read(struct domain_context *ctx, const char *id, struct record *out);

/* Screenings the caller may see, newest first, optionally of one concern
 * or about one person (NULL: any). */
enum domain_status screening_list(struct domain_context *ctx, const char *concern_id, const char *person_id,
                                  const char *cursor, int limit, struct record *out, int *count, const char **next);

/* The level the current tool gives indicators and experiences (JSON code
 * lists), before anyone's judgement; nothing is stored. */
enum domain_status screening_score(struct domain_context *ctx, const char *indicators, const char *experiences,
                                   const char **level);

/* The current tool: its version and configuration (JSON text). */
enum domain_status screening_tool_current(struct domain_context *ctx, int *version, const char **config);

/* Checks config (JSON text) and publishes it as the next version; needs
 * the "manage definitions" capability. *problem names what is wrong when
 * DOMAIN_CONFLICT is returned for a bad configuration. */
enum domain_status screening_tool_publish(struct domain_context *ctx, const char *config, int *version,
                                          const char **problem);

#endif
