/* MACE meetings: the date, chair and title, the agencies invited, who
 * came from each (or sent apologies), and the agenda's items — each a
 * young person, adult of concern, context, hotspot or overdue action, why
 * it is there, and what the panel discussed and decided. A meeting is a
 * record (domain/record.h) following the access policy's context table;
 * an item is a record about its person (the personal table). Running a
 * meeting needs the "run meetings" capability; a closed meeting and its
 * items are never changed. */
#ifndef CSHUB_MEETING_H
#define CSHUB_MEETING_H

#include "domain/operation.h"
#include "domain/record.h"

enum meeting_field {
    MEETING_HELD_ON,
    MEETING_TITLE,
    MEETING_CHAIR_USER_ID,
    MEETING_STATUS,
    MEETING_CLOSED_AT,
    MEETING_SHARING,
    MEETING_FIELD_COUNT,
};

enum meeting_item_field {
    ITEM_MEETING_ID,
    ITEM_POSITION,
    ITEM_KIND,
    ITEM_PERSON_ID,
    ITEM_CONTEXT_ID,
    ITEM_ACTION_ID,
    ITEM_REASON,
    ITEM_DISCUSSION,
    ITEM_DECISIONS,
    ITEM_SHARING,
    ITEM_FIELD_COUNT,
};

extern const struct record_kind meeting_kind;
extern const struct record_kind meeting_item_kind;
extern const char *const meeting_item_kinds[];
extern const int meeting_item_kind_count;

#define MEETING_AGENCIES_MAX 30
#define MEETING_ATTENDEES_MAX 60
#define MEETING_ITEMS_MAX 200

struct meeting_attendee {
    const char *agency_id;
    const char *name;
    const char *attended; /* present, apologies */
};

struct meeting {
    struct record record;
    const char *invited[MEETING_AGENCIES_MAX];
    int invited_count;
    struct meeting_attendee attendance[MEETING_ATTENDEES_MAX];
    int attendance_count;
};

/* What to change besides the fields: the agencies invited and the
 * attendance, each replaced when present. */
struct meeting_lists {
    bool invited_present;
    const char *invited[MEETING_AGENCIES_MAX];
    int invited_count;
    bool attendance_present;
    struct meeting_attendee attendance[MEETING_ATTENDEES_MAX];
    int attendance_count;
};

/* Creates a meeting owned by the caller's agency (needs the capability). */
enum domain_status meeting_create(struct domain_context *ctx, const struct record_input *in,
                                  const struct meeting_lists *lists, struct meeting *out);

/* Reads a meeting with its invitations and attendance (audited). */
enum domain_status meeting_read(struct domain_context *ctx, const char *id, struct meeting *out);

/* Changes an open meeting (DOMAIN_CONFLICT once closed). */
enum domain_status meeting_update(struct domain_context *ctx, const char *id, const struct record_input *in,
                                  const struct meeting_lists *lists, struct meeting *out);

/* Closes an open meeting: from then on nothing in it changes. */
enum domain_status meeting_close(struct domain_context *ctx, const char *id, struct meeting *out);

/* Meetings the caller may see, newest first. */
enum domain_status meeting_list(struct domain_context *ctx, const char *cursor, int limit, struct record *out,
                                int *count, const char **next);

/* ---- the agenda --------------------------------------------------------- */

/* Adds an item to an open meeting (at the end, the position chosen in
 * the transaction that adds it); its subject must be one the caller may
 * see. DOMAIN_CONFLICT when the meeting is closed or its agenda full. */
enum domain_status meeting_item_create(struct domain_context *ctx, const struct record_input *in, struct record *out);

/* As meeting_item_create, owned by another agency (the agency whose
 * evidence put the item on the agenda); the policy decides. */
enum domain_status meeting_item_create_owned(struct domain_context *ctx, const struct record_input *in,
                                             const char *owner_agency_id, struct record *out);

/* Records the discussion and decisions of an item of an open meeting,
 * and moves it when its position is present: to that place on the agenda
 * (1 is first; past the end is last), the other items closing up around
 * it and the agenda numbered 1, 2, 3, ... again, all in one transaction. */
enum domain_status meeting_item_update(struct domain_context *ctx, const char *id, const struct record_input *in,
                                       struct record *out);

/* Sets item's position to its place among the items of its meeting the
 * caller may see (the position every answer gives: a gap would count the
 * items the caller may not see). */
void meeting_item_place(struct domain_context *ctx, struct record *item);
/* The same for several items, reading each meeting's agenda once. */
void meeting_items_place(struct domain_context *ctx, struct record *const *items, int count);

/* Takes an item off an open meeting's agenda (audited as "delete"); the
 * items after it move up one place. */
enum domain_status meeting_item_delete(struct domain_context *ctx, const char *id);

/* The items of a meeting that the caller may see (with their subjects),
 * in agenda order; each audited as read. */
enum domain_status meeting_items_of(struct domain_context *ctx, const char *meeting_id, struct record *out,
                                    int *count);

/* Whether the caller may see what agenda item item is about. */
bool meeting_item_subject_visible(struct domain_context *ctx, const struct record *item);

/* The meeting an agenda item belongs to (NULL when there is no such item). */
const char *meeting_item_meeting(struct domain_context *ctx, const char *item_id);

/* Whether meeting id is open (false when closed or missing). */
bool meeting_is_open(struct domain_context *ctx, const char *id);

#endif
