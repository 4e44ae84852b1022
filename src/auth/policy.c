/* The access-policy tables and their lookup; see policy.h. To change who
 * may see what, change a table here: nothing else decides. */
#include "auth/policy.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT] = {"admin", "coordinator", "practitioner", "analyst",
                                                   "board_viewer"};
static const char *const sharing_names[SHARING_COUNT] = {"agency", "hub", "restricted"};
static const char *const relation_names[RELATION_COUNT] = {"own agency", "involved", "other agency"};
static const char *const capability_names[CAPABILITY_COUNT] = {
    "manage agencies", "manage users", "manage API tokens", "read audit and alerts", "create records",
    "break glass", "manage definitions", "screen concerns", "merge records", "run meetings",
    "read outcome measures", "read the action plan", "update the action plan", "read board reports",
    "analyse pseudonymised data"};

/* R = read, W = write (create, update, delete), - = neither. */
struct cell {
    bool read;
    bool write;
};
#define NO {false, false}
#define R {true, false}
#define RW {true, true}

/* personal_records[role][relation][sharing]: agency, hub, restricted. */
static const struct cell personal_records[ROLE_COUNT][RELATION_COUNT][SHARING_COUNT] = {
    /* admin: runs the system, sees no child's record */
    [ROLE_ADMIN] = {{NO, NO, NO}, {NO, NO, NO}, {NO, NO, NO}},
    /* coordinator: everything of its own agency, every hub-shared record,
     * and restricted intelligence (read only) */
    [ROLE_COORDINATOR] = {{RW, RW, RW}, {NO, RW, R}, {NO, RW, R}},
    /* practitioner: its own agency's records, and hub-shared records of
     * young people it has a recorded involvement with (read only) */
    [ROLE_PRACTITIONER] = {{RW, RW, RW}, {NO, R, NO}, {NO, NO, NO}},
    /* analyst and board viewer: never a person's identity */
    [ROLE_ANALYST] = {{NO, NO, NO}, {NO, NO, NO}, {NO, NO, NO}},
    [ROLE_BOARD_VIEWER] = {{NO, NO, NO}, {NO, NO, NO}, {NO, NO, NO}},
};

/* contexts[role][relation][sharing]: places, groups, schools, online
 * spaces. As personal records, except that a practitioner may read any
 * hub-shared context, so that anyone recording a concern can find the
 * park or the group it happened in. "involved" never applies to a context. */
static const struct cell contexts[ROLE_COUNT][RELATION_COUNT][SHARING_COUNT] = {
    [ROLE_ADMIN] = {{NO, NO, NO}, {NO, NO, NO}, {NO, NO, NO}},
    [ROLE_COORDINATOR] = {{RW, RW, RW}, {NO, RW, R}, {NO, RW, R}},
    [ROLE_PRACTITIONER] = {{RW, RW, RW}, {NO, R, NO}, {NO, R, NO}},
    [ROLE_ANALYST] = {{NO, NO, NO}, {NO, NO, NO}, {NO, NO, NO}},
    [ROLE_BOARD_VIEWER] = {{NO, NO, NO}, {NO, NO, NO}, {NO, NO, NO}},
};

/* capabilities[role]: what each role may do beyond reading records. */
static const bool capabilities[ROLE_COUNT][CAPABILITY_COUNT] = {
    [ROLE_ADMIN] = {[CAPABILITY_MANAGE_AGENCIES] = true, [CAPABILITY_MANAGE_USERS] = true,
                    [CAPABILITY_MANAGE_TOKENS] = true, [CAPABILITY_MANAGE_DEFINITIONS] = true},
    [ROLE_COORDINATOR] = {[CAPABILITY_READ_AUDIT] = true, [CAPABILITY_CREATE_RECORDS] = true,
                          [CAPABILITY_BREAK_GLASS] = true, [CAPABILITY_SCREEN_CONCERNS] = true,
                          [CAPABILITY_MERGE_RECORDS] = true, [CAPABILITY_RUN_MEETINGS] = true,
                          [CAPABILITY_READ_OUTCOMES] = true, [CAPABILITY_READ_ACTION_PLAN] = true,
                          [CAPABILITY_MANAGE_ACTION_PLAN] = true, [CAPABILITY_READ_BOARD_REPORTS] = true,
                          [CAPABILITY_ANALYSE_PSEUDONYMISED] = true},
    [ROLE_PRACTITIONER] = {[CAPABILITY_CREATE_RECORDS] = true, [CAPABILITY_BREAK_GLASS] = true},
    /* analyst: the measures and the pseudonymised picture, never an identity */
    [ROLE_ANALYST] = {[CAPABILITY_READ_OUTCOMES] = true, [CAPABILITY_ANALYSE_PSEUDONYMISED] = true},
    /* board viewer: the measures, the boards' reports and the action plan */
    [ROLE_BOARD_VIEWER] = {[CAPABILITY_READ_OUTCOMES] = true, [CAPABILITY_READ_ACTION_PLAN] = true,
                           [CAPABILITY_READ_BOARD_REPORTS] = true},
};

/* staff_lists[role]: whether the role may see the names of the active
 * users of its own agency, and of another agency — to choose who does an
 * action. Ids and names only (no email, role or sign-in details). */
static const struct {
    bool own_agency;
    bool other_agency;
} staff_lists[ROLE_COUNT] = {
    [ROLE_ADMIN] = {false, false},       /* manages users: has the full list already */
    [ROLE_COORDINATOR] = {true, true},   /* gives actions to every agency */
    [ROLE_PRACTITIONER] = {true, false}, /* passes its agency's actions between colleagues */
    [ROLE_ANALYST] = {false, false},
    [ROLE_BOARD_VIEWER] = {false, false},
};

static int index_of(const char *name, const char *const names[], int count)
{
    for (int i = 0; name != NULL && i < count; i++) {
        if (strcmp(name, names[i]) == 0)
            return i;
    }
    return -1;
}

const char *role_name(enum role role) { return role < ROLE_COUNT ? role_names[role] : NULL; }
int role_from_name(const char *name) { return index_of(name, role_names, ROLE_COUNT); }
const char *sharing_name(enum sharing sharing) { return sharing < SHARING_COUNT ? sharing_names[sharing] : NULL; }
int sharing_from_name(const char *name) { return index_of(name, sharing_names, SHARING_COUNT); }
const char *relation_name(enum relation relation) { return relation < RELATION_COUNT ? relation_names[relation] : NULL; }
const char *capability_name(enum capability c) { return c < CAPABILITY_COUNT ? capability_names[c] : NULL; }

struct policy_decision policy_decide(enum record_class class, enum role role, enum relation relation,
                                     enum sharing sharing, enum access access, bool break_glass)
{
    if (class >= RECORD_CLASS_COUNT || role >= ROLE_COUNT || relation >= RELATION_COUNT || sharing >= SHARING_COUNT)
        return (struct policy_decision){false, "unknown record class, role, relation or sharing level"};
    struct cell cell = class == RECORD_CONTEXT ? contexts[role][relation][sharing]
                                               : personal_records[role][relation][sharing];
    bool allowed = access == ACCESS_READ ? cell.read : cell.write;
    if (allowed)
        return (struct policy_decision){true, class == RECORD_CONTEXT ? "allowed by the context table"
                                                                      : "allowed by the personal-record table"};
    /* Break-glass opens reading only, and only to roles that may use it. */
    if (break_glass && access == ACCESS_READ && capabilities[role][CAPABILITY_BREAK_GLASS])
        return (struct policy_decision){true, "break-glass access"};
    return (struct policy_decision){false, class == RECORD_CONTEXT ? "denied by the context table"
                                                                   : "denied by the personal-record table"};
}

struct policy_decision policy_may(enum role role, enum capability capability)
{
    if (role >= ROLE_COUNT || capability >= CAPABILITY_COUNT || !capabilities[role][capability])
        return (struct policy_decision){false, "the role does not have this capability"};
    return (struct policy_decision){true, "the role has this capability"};
}

struct policy_decision policy_may_list_staff(enum role role, bool own_agency)
{
    if (role >= ROLE_COUNT || !(own_agency ? staff_lists[role].own_agency : staff_lists[role].other_agency))
        return (struct policy_decision){false, "denied by the staff-list table"};
    return (struct policy_decision){true, "allowed by the staff-list table"};
}

static void print_table(FILE *out, const char *title, const struct cell table[ROLE_COUNT][RELATION_COUNT][SHARING_COUNT])
{
    fprintf(out, "%s (R read, W write; columns: sharing level agency / hub / restricted)\n", title);
    fprintf(out, "%-14s %-14s %-6s %-6s %-10s\n", "role", "relation", "agency", "hub", "restricted");
    for (int r = 0; r < ROLE_COUNT; r++) {
        for (int rel = 0; rel < RELATION_COUNT; rel++) {
            fprintf(out, "%-14s %-14s", role_names[r], relation_names[rel]);
            for (int s = 0; s < SHARING_COUNT; s++) {
                struct cell c = table[r][rel][s];
                fprintf(out, " %-6s", c.write ? "RW" : c.read ? "R" : "-");
            }
            fputc('\n', out);
        }
    }
}

void policy_print(FILE *out)
{
    print_table(out, "Personal records: people, and links and concerns about them", personal_records);
    fputc('\n', out);
    print_table(out, "Contexts: places, groups, schools, online spaces", contexts);
    fputs("\nBreak-glass adds R, for a limited time, on one record outside these rules, for roles with\n"
          "the 'break glass' capability.\n\nCapabilities\n", out);
    for (int r = 0; r < ROLE_COUNT; r++) {
        fprintf(out, "%-14s", role_names[r]);
        const char *sep = " ";
        for (int c = 0; c < CAPABILITY_COUNT; c++) {
            if (capabilities[r][c]) {
                fprintf(out, "%s%s", sep, capability_names[c]);
                sep = ", ";
            }
        }
        fputc('\n', out);
    }
    fputs("\nNames of an agency's active users (to choose who does an action)\n", out);
    for (int r = 0; r < ROLE_COUNT; r++)
        fprintf(out, "%-14s %s\n", role_names[r],
                staff_lists[r].other_agency ? "every agency"
                : staff_lists[r].own_agency ? "its own agency"
                                            : "none");
}
