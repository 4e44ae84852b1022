/* The action plan of `cshub demo`; see demo_action_plan.h. The
 * recommendations are the cabinet's words, with the borough's and its
 * boards' names made Kestrel Vale's; the actions and their progress are
 * invented, and name no child. Dates are days from the day the demo is
 * made, so an action due 30 days ago is overdue whenever it is made. */
#include "cli/demo_action_plan.h"

#include <stdio.h>

#include "auth/access.h"
#include "cli/demo_casework.h"
#include "domain/action_plan.h"
#include "domain/agency.h"
#include "domain/board.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"

enum demo_board { SAFER_KV, YOUTH_JUSTICE_BOARD, SAFEGUARDING_PARTNERSHIP, CHILDREN_BOARD, BOARD_COUNT };

static const char *const board_names[BOARD_COUNT] = {
    [SAFER_KV] = "Safer Kestrel Vale Partnership",
    [YOUTH_JUSTICE_BOARD] = "Youth Justice Board",
    [SAFEGUARDING_PARTNERSHIP] = "Kestrel Vale Safeguarding Children Partnership",
    [CHILDREN_BOARD] = "Children and Young People's Board",
};

#define CHILDRENS_SERVICES "Kestrel Vale Children's Services"
#define POLICE "Kestrel Vale Police"
#define YOUTH_JUSTICE "Kestrel Vale Youth Justice Service"
#define COMMUNITY_SAFETY "Kestrel Vale Community Safety Partnership"
#define HEALTH "Kestrel Vale Community Health"
#define YOUTH_PROJECT "Safe Harbour Youth Project"
#define HOUSING "Kestrel Vale Homes"

/* The cabinet's nine recommendations; owner_agency NULL: owned by owner_board. */
static const struct {
    const char *title, *text, *owner_agency;
    enum demo_board owner_board, board;
} recommendations[] = {
    {"A strategic partnership approach",
     "A strategic partnership approach to Contextualised Safeguarding be agreed and monitored through existing "
     "established multi-agency partnerships such as Safer Kestrel Vale Partnership, Youth Justice Board, Kestrel "
     "Vale Safeguarding Children Partnership and the Children and Young People's Board.",
     NULL, SAFEGUARDING_PARTNERSHIP, CHILDREN_BOARD},
    {"A consistent definition",
     "A consistent definition of child criminal exploitation and contextual safeguarding be developed and adopted by "
     "all Kestrel Vale partners.",
     CHILDRENS_SERVICES, 0, SAFEGUARDING_PARTNERSHIP},
    {"Clear outcome measures",
     "Clear outcome measures be defined to measure success of interventions and approaches.", COMMUNITY_SAFETY, 0,
     SAFER_KV},
    {"Support for schools",
     "Support be provided for schools, in partnership with Kestrel Vale Safeguarding Children Partnership, to promote "
     "understanding of contextualised safeguarding and relationships through the development and delivery of a "
     "programme of awareness raising and training supplemented with advice and guidance and clear routes into "
     "support.",
     NULL, SAFEGUARDING_PARTNERSHIP, CHILDREN_BOARD},
    {"Training for Children's Services staff",
     "A training and support programme be delivered to Children's Services staff to enhance understanding of "
     "contextualised safeguarding and to help recognise and support young people who are being exploited or at risk "
     "of exploitation.",
     CHILDRENS_SERVICES, 0, SAFEGUARDING_PARTNERSHIP},
    {"Awareness for partners and elected Members",
     "A programme of awareness raising be developed for key partners and elected Members.", COMMUNITY_SAFETY, 0,
     SAFER_KV},
    {"A community guardian programme",
     "A community guardian programme be introduced within schools and communities across Kestrel Vale to provide "
     "wider community support.",
     YOUTH_PROJECT, 0, SAFER_KV},
    {"Multi-agency capacity for MACE",
     "Multi-agency capacity to support MACE approach be strengthened through the strengthening of existing "
     "arrangements to meet need.",
     YOUTH_JUSTICE, 0, YOUTH_JUSTICE_BOARD},
    {"An options appraisal for Children's Services",
     "An options appraisal be undertaken on how Children's Services can achieve the best outcomes for young people "
     "through improved practice and additional capacity and focus, including through the use of voices of "
     "experience. This will include options for structure and effective multi-agency working.",
     CHILDRENS_SERVICES, 0, CHILDREN_BOARD},
};
#define RECOMMENDATION_COUNT (int)(sizeof recommendations / sizeof recommendations[0])

#define UPDATES_MAX 4

/* A progress update written days_ago days before the demo is made. */
struct demo_update {
    int days_ago;
    const char *rag, *progress, *evidence;
};

/* An action under recommendation number, due in due_in days (negative: past). */
static const struct {
    int number;
    const char *agency, *description;
    int due_in;
    const char *status;
    struct demo_update updates[UPDATES_MAX]; /* oldest first; days_ago 0 ends the list */
} actions[] = {
    {1, CHILDRENS_SERVICES, "Agree a partnership strategy for contextual safeguarding and take it to each board.", -120,
     "done",
     {{300, "amber", "Draft strategy written with the police, youth justice and community safety; health to comment.", NULL},
      {210, "green", "Strategy agreed by the Safeguarding Children Partnership and the Children and Young People's Board.",
       "Strategy, version 1.0, and both boards' minutes."}}},
    {1, COMMUNITY_SAFETY, "Make contextual safeguarding a quarterly item on every board's forward plan.", 60,
     "in_progress",
     {{150, "amber", "Two of the four boards have it on their forward plan.", NULL},
      {40, "green", "Three boards take a quarterly report; the Youth Justice Board from next quarter.",
       "Forward plans of three boards."}}},
    {2, CHILDRENS_SERVICES,
     "Have every partner agency adopt the shared definitions of child criminal exploitation and contextual "
     "safeguarding in its procedures.",
     -30, "in_progress",
     {{200, "amber", "Six of the nine agencies have adopted the definitions.", NULL},
      {100, "amber", "Seven of nine; the two schools wait for their governors' meetings.", "Adoption record."}}},
    {2, POLICE, "Use the shared definitions when flagging crime reports that involve exploitation.", -90, "done",
     {{180, "green", "Flags changed in the crime recording system; guidance issued to officers.",
       "Force guidance note."}}},
    {3, COMMUNITY_SAFETY, "Define outcome measures of individual, contextual and system change, with their sources.",
     30, "in_progress",
     {{60, "amber", "Draft framework shared with the analysts; baseline figures being collected.", NULL}}},
    {3, CHILDRENS_SERVICES, "Report the measures to each board every quarter, with small numbers suppressed.", 120,
     "not_started", {{15, "amber", "Waits for the measures to be agreed; report template drafted.", NULL}}},
    {4, "Larkfield Academy", "Deliver awareness training on contextual safeguarding and healthy relationships to school staff.",
     -14, "in_progress",
     {{120, "amber", "Sessions held in two schools; dates still to be set for the others.", NULL},
      {50, "red", "The trainer is on long-term leave; sessions postponed until a replacement is found.", NULL}}},
    {4, "Brackenmoor High School", "Publish clear routes into support for schools' safeguarding leads.", 45,
     "in_progress", {{20, "green", "Routes drafted with the hub and checked by two safeguarding leads.", NULL}}},
    {5, CHILDRENS_SERVICES, "Train every social worker in recognising and responding to exploitation.", 90,
     "in_progress",
     {{170, "amber", "First cohort of 40 staff trained.", "Training register."},
      {95, "amber", "Second cohort trained: 80 of 120 staff so far; the rest wait for dates.", "Training register."}}},
    {5, CHILDRENS_SERVICES, "Add contextual safeguarding to the induction of new staff.", -60, "done",
     {{100, "green", "Induction module in use for every new starter.", "Induction programme."}}},
    {6, COMMUNITY_SAFETY, "Hold an awareness session for elected Members on exploitation outside the home.", -45,
     "done", {{75, "green", "Session held; 31 Members attended.", "Attendance record."}}},
    {6, HEALTH, "Brief GP practices and pharmacies on the signs of exploitation.", -7, "not_started",
     {{120, "red", "Not started: no one yet named to lead the briefings.", NULL}}},
    {6, HOUSING, "Brief housing officers and caretakers on the signs of exploitation and how to tell the hub.", 75,
     "in_progress",
     {{130, "red", "No briefings yet; the materials are not ready.", NULL},
      {110, "amber", "Materials ready; the first briefing is booked.", NULL}}},
    {7, YOUTH_PROJECT, "Recruit and train community guardians in shops, takeaways and transport hubs near the hotspots.",
     100, "in_progress",
     {{240, "amber", "Scheme designed; enhanced checks arranged for guardians who work with children.", NULL},
      {150, "amber", "18 guardians trained in the town centre.", "Training register."},
      {60, "green", "35 guardians trained, covering four of the five hotspots.", "Training register."}}},
    {7, YOUTH_PROJECT, "Introduce community guardians in the two secondary schools.", 150, "not_started",
     {{25, "amber", "Both head teachers have agreed; no guardians recruited in the schools yet.", NULL}}},
    {8, YOUTH_JUSTICE, "Review MACE membership and attendance, and agree each agency's commitment to the panel.", -100,
     "done",
     {{220, "amber", "Attendance reviewed: health and housing came to fewer than half the meetings.", NULL},
      {130, "green", "Terms of reference agreed, with a named deputy for every agency.",
       "MACE terms of reference, revised."}}},
    {8, POLICE, "Fund a dedicated exploitation analyst for the hub.", -20, "in_progress",
     {{160, "amber", "Business case put to the partnership.", NULL},
      {140, "red", "Funding not yet agreed; recruitment paused.", NULL}}},
    {8, CHILDRENS_SERVICES, "Add a second hub coordinator to meet the growth in concerns.", 40, "in_progress",
     {{30, "green", "Post appointed; starts next month.", NULL}}},
    {9, CHILDRENS_SERVICES,
     "Carry out the options appraisal of structure and capacity, with the voices of young people with lived "
     "experience.",
     20, "in_progress",
     {{180, "amber", "Scope agreed; a young people's panel recruited through the youth project.", NULL},
      {70, "amber", "Options drafted; the panel is being consulted.", NULL},
      {10, "green", "Consultation finished; the appraisal goes to the board next month.", "Consultation summary."}}},
    {9, CHILDRENS_SERVICES, "Report the chosen option and its cost to the Children and Young People's Board.", 110,
     "not_started", {{10, "green", "Board date booked.", NULL}}},
};
#define ACTION_COUNT (int)(sizeof actions / sizeof actions[0])

struct demo_plan {
    struct store_conn *conn;
    struct arena *keep;
    struct caller admin, coordinator;
    const char *board_ids[BOARD_COUNT];
    const char *recommendation_ids[RECOMMENDATION_COUNT];
    const char *today;
};

static struct domain_context step(struct demo_plan *p, const struct caller *as)
{
    return (struct domain_context){.conn = p->conn, .arena = arena_new(), .caller = *as};
}

static bool report(struct domain_context *ctx, enum domain_status status, const char *what)
{
    arena_free(ctx->arena);
    if (status != DOMAIN_OK)
        fprintf(stderr, "cshub demo: could not %s (domain status %d)\n", what, (int)status);
    return status == DOMAIN_OK;
}

static bool add_boards(struct demo_plan *p)
{
    bool ok = true;
    for (int b = 0; ok && b < BOARD_COUNT; b++) {
        struct domain_context ctx = step(p, &p->admin);
        const char *id = NULL;
        enum domain_status status = board_create(&ctx, board_names[b], b + 1, &id);
        if (status == DOMAIN_OK)
            p->board_ids[b] = arena_strdup(p->keep, id);
        ok = report(&ctx, status, "add a partnership board");
    }
    return ok;
}

static bool add_recommendation(struct demo_plan *p, int r)
{
    struct domain_context ctx = step(p, &p->coordinator);
    const char *agency = recommendations[r].owner_agency;
    struct plan_recommendation_input in = {
        .number = r + 1,
        .title = recommendations[r].title,
        .text = recommendations[r].text,
        .owner_agency_id = agency != NULL ? agency_id_by_name(p->conn, ctx.arena, agency) : NULL,
        .owner_board_id = agency != NULL ? NULL : p->board_ids[recommendations[r].owner_board],
        .board_id = p->board_ids[recommendations[r].board],
    };
    struct plan_recommendation_detail detail;
    enum domain_status status = agency != NULL && in.owner_agency_id == NULL
                                    ? DOMAIN_NOT_FOUND
                                    : plan_recommendation_create(&ctx, &in, &detail);
    if (status == DOMAIN_OK)
        p->recommendation_ids[r] = arena_strdup(p->keep, store_cell_text(&detail.recommendation, 0, "id"));
    return report(&ctx, status, "add a recommendation to the action plan");
}

/* Adds action a and appends its progress updates, oldest first. */
static bool add_action(struct demo_plan *p, int a)
{
    struct domain_context ctx = step(p, &p->coordinator);
    struct plan_action_input in = {
        .description = actions[a].description,
        .owner_agency_id = agency_id_by_name(p->conn, ctx.arena, actions[a].agency),
        .due_on = clock_date_shift(ctx.arena, p->today, actions[a].due_in),
        .status = actions[a].status,
    };
    struct plan_action_detail detail;
    enum domain_status status = in.owner_agency_id == NULL
                                    ? DOMAIN_NOT_FOUND
                                    : plan_action_create(&ctx, p->recommendation_ids[actions[a].number - 1], &in, &detail);
    const char *id = status == DOMAIN_OK ? store_cell_text(&detail.action, 0, "id") : NULL;
    for (int u = 0; status == DOMAIN_OK && u < UPDATES_MAX && actions[a].updates[u].days_ago > 0; u++) {
        const struct demo_update *d = &actions[a].updates[u];
        struct plan_update_input update = {
            .written_on = clock_date_shift(ctx.arena, p->today, -d->days_ago),
            .progress = d->progress,
            .evidence = d->evidence,
            .rag = d->rag,
        };
        status = plan_update_create(&ctx, id, &update, &detail);
    }
    return report(&ctx, status, "add an action and its progress to the action plan");
}

bool demo_action_plan_fill(struct store_conn *conn)
{
    struct demo_plan p = {.conn = conn, .keep = arena_new()};
    p.today = clock_today_text(p.keep);
    bool ok = demo_caller(conn, p.keep, "admin@kestrel-vale.example", &p.admin) &&
              demo_caller(conn, p.keep, "coordinator@kestrel-vale.example", &p.coordinator) && add_boards(&p);
    for (int r = 0; ok && r < RECOMMENDATION_COUNT; r++)
        ok = add_recommendation(&p, r);
    for (int a = 0; ok && a < ACTION_COUNT; a++)
        ok = add_action(&p, a);
    arena_free(p.keep);
    return ok;
}
