/* The demo's context assessments over time and agencies' adoption of the
 * shared definitions; see demo_outcomes.h. Deterministic: the same every
 * run, dated back from today. */
#include "cli/demo_outcomes.h"

#include <stdio.h>
#include <string.h>

#include "cli/demo_casework.h"
#include "domain/assessment.h"
#include "domain/definition.h"
#include "domain/screening.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"

#define ASSESSMENTS_PER_CONTEXT 6
#define DAYS_BETWEEN_ASSESSMENTS 120
#define FIRST_ASSESSMENT_DAYS_AGO 690

/* Contexts assessed (by their place in demo_context_seeds) and how their
 * rating went, oldest first: most safer as the work there went on. The
 * flat in Tanner Street (8) is left unassessed: cshub proposes it, and the
 * coordinator's first assessment there is part of the demo's story. */
static const struct {
    int context;
    const char *ratings[ASSESSMENTS_PER_CONTEXT];
} histories[] = {
    {0, {"high", "high", "high", "medium", "medium", "low"}},
    {1, {"medium", "medium", "low", "low", NULL}},
    {2, {"high", "high", "medium", "medium", "medium", "medium"}},
    {4, {"high", "high", "high", "high", "medium", "medium"}},
    {6, {"medium", "high", "high", "medium", "low", "low"}},
    {11, {"high", "high", "high", "high", "high", "high"}},
    {9, {"medium", "medium", "medium", "low", NULL}},
    {10, {"high", "medium", "medium", "low", "low", "low"}},
    {13, {"high", "high", "medium", "medium", "low", NULL}},
    {18, {"high", "high", "high", "medium", "medium", "medium"}},
    {22, {"medium", "medium", "low", NULL}},
    {24, {"low", "low", "medium", "low", NULL}},
    {30, {"high", "high", "high", "high", "medium", NULL}},
};

static const char *const summaries[] = {
    "Young people still gather here late and older men are seen with them; the risk is high.",
    "Fewer young people seen here since the work began; some contact with older men remains.",
    "Much quieter: the guardians and the changes to the place are holding.",
};

static const char *summary_for(const char *rating)
{
    return strcmp(rating, "high") == 0 ? summaries[0] : strcmp(rating, "medium") == 0 ? summaries[1] : summaries[2];
}

static void set(struct record_input *in, int field, const char *value)
{
    in->present[field] = true;
    in->values[field] = value;
}

static bool assess(struct domain_context *ctx, const char *context_id, int days_ago, const char *rating)
{
    const struct store_value p[] = {store_text(context_id)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena, "SELECT kind FROM contexts WHERE id = ?", p, 1, &r) != STORE_OK || r.rows != 1)
        return false;
    struct record_input in = {0};
    set(&in, ASSESSMENT_CONTEXT_ID, context_id);
    set(&in, ASSESSMENT_ASSESSED_ON, clock_date_shift(ctx->arena, clock_today_text(ctx->arena), -days_ago));
    set(&in, ASSESSMENT_FORM, store_cell_text(&r, 0, "kind"));
    set(&in, ASSESSMENT_ANSWERS, "{}");
    set(&in, ASSESSMENT_RISK_RATING, rating);
    set(&in, ASSESSMENT_SUMMARY, summary_for(rating));
    set(&in, ASSESSMENT_SHARING, "hub");
    struct record out;
    return assessment_create(ctx, &in, &out) == DOMAIN_OK;
}

static bool assess_contexts(struct store_conn *conn, const char *const *context_ids, size_t context_count)
{
    struct domain_context ctx = {.conn = conn, .arena = arena_new()};
    bool ok = demo_caller(conn, ctx.arena, "coordinator@kestrel-vale.example", &ctx.caller);
    for (size_t h = 0; ok && h < sizeof histories / sizeof histories[0]; h++) {
        size_t c = (size_t)histories[h].context;
        for (int k = 0; ok && c < context_count && k < ASSESSMENTS_PER_CONTEXT && histories[h].ratings[k]; k++)
            ok = assess(&ctx, context_ids[c], FIRST_ASSESSMENT_DAYS_AGO - k * DAYS_BETWEEN_ASSESSMENTS,
                        histories[h].ratings[k]);
    }
    arena_free(ctx.arena);
    if (!ok)
        fprintf(stderr, "cshub demo: could not record a context assessment\n");
    return ok;
}

/* Agency a (in name order) adopts definition t (in category and code
 * order) this many days ago, or never (0): the first agencies early, the
 * last two only some. */
static int adopted_days_ago(int a, int agencies, int t)
{
    if (a >= agencies - 2 && t % (a == agencies - 1 ? 2 : 3) == 0)
        return 0;
    return 700 - a * 55 - (t % 4) * 10;
}

static bool adopt_definitions(struct store_conn *conn)
{
    struct domain_context ctx = {.conn = conn, .arena = arena_new()};
    struct store_result agencies, terms;
    bool ok = demo_caller(conn, ctx.arena, "admin@kestrel-vale.example", &ctx.caller) &&
              store_query(conn, ctx.arena, "SELECT id FROM agencies ORDER BY name", NULL, 0, &agencies) == STORE_OK &&
              store_query(conn, ctx.arena,
                          "SELECT t.id, max(v.version) AS version FROM definition_terms t JOIN definition_versions v "
                          "ON v.term_id = t.id GROUP BY t.id, t.category, t.code ORDER BY t.category, t.code",
                          NULL, 0, &terms) == STORE_OK;
    const char *today = clock_today_text(ctx.arena);
    for (int a = 0; ok && a < agencies.rows; a++) {
        for (int t = 0; ok && t < terms.rows; t++) {
            int days = adopted_days_ago(a, agencies.rows, t);
            if (days > 0)
                ok = definition_record_adoption(&ctx, store_cell_text(&terms, t, "id"),
                                                (int)store_cell_int(&terms, t, "version"),
                                                store_cell_text(&agencies, a, "id"),
                                                clock_date_shift(ctx.arena, today, -days)) == DOMAIN_OK;
        }
    }
    arena_free(ctx.arena);
    if (!ok)
        fprintf(stderr, "cshub demo: could not record an agency's adoption of a definition\n");
    return ok;
}

/* The level one step below level, and the pathway that goes with it. */
static const char *lower_level(const char *level)
{
    return strcmp(level, "high") == 0 ? "medium" : strcmp(level, "medium") == 0 ? "low" : level;
}

static const char *pathway_for(const char *level)
{
    return strcmp(level, "high") == 0 ? "mace" : strcmp(level, "medium") == 0 ? "child_in_need" : "early_help";
}

/* Reviews young person row r of due (see review_after_mace): a screening
 * of their latest hub-shared concern eleven or twelve weeks after their
 * first MACE discussion, against their level before it: most a step
 * lower, some the same. */
static bool review(struct domain_context *ctx, const struct store_result *due, int r)
{
    const char *level = store_cell_text(due, r, "level");
    const char *on = clock_date_shift(ctx->arena, store_cell_text(due, r, "first_on"), 75 + r % 10);
    if (level == NULL || on == NULL || strcmp(on, clock_today_text(ctx->arena)) >= 0)
        return true;
    bool better = r % 10 < 6;
    const char *now = better ? lower_level(level) : level;
    struct screening_request request = {
        .concern_id = store_cell_text(due, r, "concern_id"),
        .screened_on = on,
        .risk_level = now,
        .rationale = better ? "Reviewed after MACE: the plan is working and the risk has come down a step."
                            : "Reviewed after MACE: no change yet; the plan continues.",
        .pathway = pathway_for(now),
    };
    struct record out;
    return screening_create(ctx, &request, &out) == DOMAIN_OK;
}

/* Young people discussed at a held MACE meeting are screened again before
 * three months have passed since their first discussion, so that their
 * risk trajectory shows. */
static bool review_after_mace(struct store_conn *conn)
{
    struct domain_context ctx = {.conn = conn, .arena = arena_new()};
    struct store_result due;
    bool ok = demo_caller(conn, ctx.arena, "coordinator@kestrel-vale.example", &ctx.caller) &&
              store_query(conn, ctx.arena,
                          "SELECT f.person_id, f.first_on, (SELECT c.id FROM concerns c WHERE c.person_id = "
                          "f.person_id AND c.sharing = 'hub' ORDER BY c.concern_date DESC, c.id LIMIT 1) AS concern_id, "
                          "(SELECT s.risk_level FROM screenings s WHERE s.person_id = f.person_id AND s.screened_on <= "
                          "f.first_on ORDER BY s.screened_on DESC, s.created_at DESC LIMIT 1) AS level FROM (SELECT "
                          "i.person_id, min(m.held_on) AS first_on FROM meeting_items i JOIN meetings m ON m.id = "
                          "i.meeting_id WHERE i.kind = 'young_person' AND m.status = 'closed' GROUP BY i.person_id) AS f "
                          "ORDER BY f.person_id",
                          NULL, 0, &due) == STORE_OK;
    for (int r = 0; ok && r < due.rows; r++)
        ok = store_cell_text(&due, r, "concern_id") == NULL || review(&ctx, &due, r);
    arena_free(ctx.arena);
    if (!ok)
        fprintf(stderr, "cshub demo: could not review a young person after MACE\n");
    return ok;
}

bool demo_outcomes_fill(struct store_conn *conn, const char *const *context_ids, size_t context_count)
{
    return assess_contexts(conn, context_ids, context_count) && adopt_definitions(conn) && review_after_mace(conn);
}
