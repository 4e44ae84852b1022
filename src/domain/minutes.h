/* The minutes of a MACE meeting as one reader may see them, gathered for
 * an export (a PDF): the meeting, its attendance, and for each agenda item
 * the reader may see its subject's name (only when the reader may read the
 * person or context), why it was discussed, the discussion, decisions and
 * the actions agreed on it. Everything is read through the same domain
 * functions as the JSON API (meeting_read, meeting_items_of, person_read,
 * record_read, the meeting's actions), so the access policy decides and
 * each read is audited as it is there; the export itself is one more audit
 * event ("export", about the meeting) listing every record it releases.
 * What comes back is plain text in the caller's arena: codes (kind,
 * status, attended) as stored, agencies by name. */
#ifndef CSHUB_MINUTES_H
#define CSHUB_MINUTES_H

#include <stdbool.h>

#include "domain/meeting.h"
#include "domain/operation.h"

/* How an item's subject is named. */
enum minutes_subject {
    MINUTES_SUBJECT_NAMED,          /* subject: a person's full name or a context's name */
    MINUTES_SUBJECT_HIDDEN_PERSON,  /* a person the reader may not see */
    MINUTES_SUBJECT_HIDDEN_CONTEXT, /* a place or group the reader may not see */
    MINUTES_SUBJECT_NONE,           /* about no person or context: named by its kind */
};

struct minutes_action {
    const char *description;
    const char *agency; /* the agency given it, by name ("" when unknown) */
    const char *due_on;
    const char *status; /* open, done, cancelled */
    bool overdue;
};

struct minutes_item {
    const char *position; /* decimal text */
    const char *kind;     /* young_person, adult_of_concern, context, hotspot, overdue_action, other */
    enum minutes_subject subject_is;
    const char *subject;  /* when MINUTES_SUBJECT_NAMED */
    const char *reason;
    const char *discussion; /* NULL when not recorded */
    const char *decisions;  /* NULL when not recorded */
    struct minutes_action *actions; /* newest first, as the minutes page lists them */
    int action_count;
};

struct minutes_attendee {
    const char *name;
    const char *agency; /* by name ("" when unknown) */
    const char *attended; /* present, apologies */
};

struct minutes {
    const char *meeting_id;
    const char *title;
    const char *held_on; /* YYYY-MM-DD */
    const char *status;  /* open, closed */
    const char *exported_at; /* as stored (UTC) */
    const char *invited[MEETING_AGENCIES_MAX]; /* agency names */
    int invited_count;
    struct minutes_attendee attendance[MEETING_ATTENDEES_MAX];
    int attendance_count;
    struct minutes_item *items; /* in agenda order */
    int item_count;
    /* Actions given at the meeting on no item the reader sees (or none). */
    struct minutes_action *other_actions;
    int other_action_count;
};

/* Gathers the minutes of meeting_id as the caller may see them and audits
 * the export. DOMAIN_NOT_FOUND for a meeting the caller may not see (as
 * GET /api/v1/meetings/{id}); DOMAIN_UNAVAILABLE when the database or the
 * audit log fails. */
enum domain_status minutes_gather(struct domain_context *ctx, const char *meeting_id, struct minutes *out);

#endif
