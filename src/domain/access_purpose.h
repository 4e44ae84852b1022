/* The purpose of access (issue 12, item 2; Data Protection Act 2018,
 * s.62): why someone consults a person's record. A configurable list of
 * purposes, read by anyone signed in and kept by administrators (add,
 * relabel, retire; deleted only while nobody has ever stated it); the
 * purpose a signed-in session chose for a record, once per record per
 * session; and, per agency, whether its people must state one before a
 * person's record is opened (a police force, a competent authority under
 * Part 3). The purposes stated are written with the audit events that
 * release the record (auth/release.c). Not personal data: codes, labels
 * and the hash of a session token. */
#ifndef CSHUB_ACCESS_PURPOSE_H
#define CSHUB_ACCESS_PURPOSE_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/operation.h"

#define ACCESS_PURPOSE_CODE_MAX 64
#define ACCESS_PURPOSE_LABEL_MAX 200
#define ACCESS_PURPOSE_CHOICES_MAX 2000 /* per session */

/* Every purpose (retired ones too when include_retired), in their order:
 * columns code, label, sort_order, retired_at, used_at. */
enum store_status access_purpose_list(struct domain_context *ctx, bool include_retired, struct store_result *out);

/* One purpose by code as a one-row result (the same columns); false when
 * there is none. */
bool access_purpose_find(struct domain_context *ctx, const char *code, struct store_result *out);

/* True when code names a purpose that may be chosen now (not retired). */
bool access_purpose_usable(struct domain_context *ctx, const char *code);

/* Records that code has been stated (for an API token's request), so it
 * is never deleted. */
enum store_status access_purpose_mark_used(struct domain_context *ctx, const char *code);

/* What to change in a purpose: a field changes only when it is set. */
struct access_purpose_change {
    const char *label; /* NULL: unchanged */
    int sort_order;    /* -1: unchanged */
    int retired;       /* -1: unchanged; 0: back in use; 1: retired */
};

/* Adds a purpose (DOMAIN_CONFLICT when the code exists; DOMAIN_FORBIDDEN
 * for a caller who may not manage definitions). sort_order -1: after the
 * last. Audited. */
enum domain_status access_purpose_create(struct domain_context *ctx, const char *code, const char *label,
                                         int sort_order);

/* Changes the purpose code (DOMAIN_NOT_FOUND when there is none). Audited. */
enum domain_status access_purpose_update(struct domain_context *ctx, const char *code,
                                         const struct access_purpose_change *change);

/* Deletes a purpose nobody has ever stated; DOMAIN_CONFLICT for one that
 * has been (retire it instead). Audited. */
enum domain_status access_purpose_delete(struct domain_context *ctx, const char *code);

/* The purpose the session (its token's hash) chose for a record, or
 * *code NULL when none. */
enum store_status access_purpose_chosen(struct domain_context *ctx, const char *session_hash, const char *record_type,
                                        const char *record_id, const char **code);

/* The session's choice of purpose for a record: DOMAIN_CONFLICT (with
 * *existing the purpose chosen before) when one was chosen already in
 * this session, DOMAIN_FULL past ACCESS_PURPOSE_CHOICES_MAX. The caller
 * checks code is usable first. */
enum domain_status access_purpose_choose(struct domain_context *ctx, const char *session_hash,
                                         const char *record_type, const char *record_id, const char *code,
                                         const char **existing);

/* The session's choices, newest first: columns record_type, record_id,
 * purpose, label, chosen_at; only record_id's when it is not NULL. */
enum store_status access_purpose_choices(struct domain_context *ctx, const char *session_hash, const char *record_id,
                                         struct store_result *out);

/* Whether agency_id's people must state a purpose before opening a
 * person's record. */
enum store_status access_purpose_required(struct domain_context *ctx, const char *agency_id, bool *required);

/* Every agency with its setting (columns id, name, kind,
 * purpose_required), for those who may manage agencies (DOMAIN_FORBIDDEN
 * otherwise; audited). */
enum domain_status access_purpose_agencies(struct domain_context *ctx, struct store_result *out);

/* Sets whether agency_id's people must state a purpose (DOMAIN_NOT_FOUND
 * for no such agency, DOMAIN_FORBIDDEN for a caller who may not manage
 * agencies). Audited. */
enum domain_status access_purpose_set_required(struct domain_context *ctx, const char *agency_id, bool required);

/* For each of the count audit events seqs[], the purpose stated in it for
 * the record type id (codes[i] and labels[i], NULL when none). */
enum store_status access_purpose_of_events(struct domain_context *ctx, const char *type, const char *id,
                                           const int64_t *seqs, int count, const char **codes, const char **labels);

#endif
