/* Screenings and the screening tool; see screening.h and docs/screening.md. */
#include "domain/screening.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/concern.h"
#include "util/arena.h"
#include "util/clock.h"

const char *const risk_levels[] = {"none", "low", "medium", "high"};
const int risk_level_count = sizeof risk_levels / sizeof risk_levels[0];
const char *const pathways[] = {"universal", "early_help", "child_in_need", "child_protection", "mace"};
const int pathway_count = sizeof pathways / sizeof pathways[0];

static const struct record_field screening_fields[SCREENING_FIELD_COUNT] = {
    [SCREENING_CONCERN_ID] = {"concern_id", FIELD_TEXT, true},
    [SCREENING_PERSON_ID] = {"person_id", FIELD_TEXT, false},
    [SCREENING_CONTEXT_ID] = {"context_id", FIELD_TEXT, false},
    [SCREENING_SCREENED_ON] = {"screened_on", FIELD_TEXT, true},
    [SCREENING_INDICATORS] = {"indicators", FIELD_JSON, false},
    [SCREENING_ADVERSE_EXPERIENCES] = {"adverse_experiences", FIELD_JSON, false},
    [SCREENING_TOOL_VERSION] = {"tool_version", FIELD_INTEGER, true},
    [SCREENING_SCORE] = {"score", FIELD_INTEGER, true},
    [SCREENING_SCORED_LEVEL] = {"scored_level", FIELD_TEXT, true},
    [SCREENING_SCORE_BREAKDOWN] = {"score_breakdown", FIELD_JSON, true},
    [SCREENING_RISK_LEVEL] = {"risk_level", FIELD_TEXT, true},
    [SCREENING_RATIONALE] = {"rationale", FIELD_TEXT, true},
    [SCREENING_PATHWAY] = {"pathway", FIELD_TEXT, true},
    [SCREENING_SHARING] = {"sharing", FIELD_TEXT, true},
};

static const char *screening_search_text(struct arena *arena, const char *const *values)
{
    return arena_strdup(arena, values[SCREENING_SCREENED_ON]);
}

const struct record_kind screening_kind = {
    .table = "screenings",
    .record_type = "screening",
    .fields = screening_fields,
    .field_count = SCREENING_FIELD_COUNT,
    .sharing_field = SCREENING_SHARING,
    .about_a_person = false,
    .person_field = SCREENING_PERSON_ID,
    .search_text = screening_search_text,
};

/* ---- the tool ------------------------------------------------------- */

static int level_index(const char *level)
{
    for (int i = 0; level != NULL && i < risk_level_count; i++) {
        if (strcmp(level, risk_levels[i]) == 0)
            return i;
    }
    return -1;
}

static bool is_weight(json_t *value)
{
    return json_is_integer(value) && json_integer_value(value) >= 0 && json_integer_value(value) <= 100;
}

/* The indicator group ("push", ...) of each indicator code, as a JSON object. */
static json_t *indicator_groups_by_code(struct domain_context *ctx)
{
    struct store_result r;
    const struct store_value p[] = {store_text("indicator")};
    json_t *groups = json_object();
    if (store_query(ctx->conn, ctx->arena, "SELECT code, indicator_group FROM definition_terms WHERE category = ?",
                    p, 1, &r) == STORE_OK) {
        for (int i = 0; i < r.rows; i++)
            json_object_set_new(groups, store_cell_text(&r, i, "code"),
                                json_string(store_cell_text(&r, i, "indicator_group")));
    }
    return groups;
}

/* NULL when config is a usable tool, else what is wrong with it. */
static const char *config_problem(json_t *config, json_t *groups)
{
    json_t *group_weights = json_object_get(config, "group_weights");
    static const char *const group_names[] = {"push", "pull", "control", "sign"};
    for (size_t i = 0; i < sizeof group_names / sizeof group_names[0]; i++) {
        if (!is_weight(json_object_get(group_weights, group_names[i])))
            return "group_weights must give push, pull, control and sign a whole number from 0 to 100";
    }
    json_t *indicator_weights = json_object_get(config, "indicator_weights");
    if (!json_is_object(indicator_weights))
        return "indicator_weights must be an object of indicator codes and weights";
    const char *code;
    json_t *weight;
    json_object_foreach (indicator_weights, code, weight) {
        if (json_object_get(groups, code) == NULL || !is_weight(weight))
            return "indicator_weights must name indicator codes with whole numbers from 0 to 100";
    }
    if (!is_weight(json_object_get(config, "adverse_experience_weight")) ||
        !is_weight(json_object_get(config, "adverse_experience_cap")))
        return "adverse_experience_weight and adverse_experience_cap must be whole numbers from 0 to 100";
    json_t *thresholds = json_object_get(config, "thresholds");
    json_int_t low = json_integer_value(json_object_get(thresholds, "low"));
    json_int_t medium = json_integer_value(json_object_get(thresholds, "medium"));
    json_int_t high = json_integer_value(json_object_get(thresholds, "high"));
    if (!json_is_integer(json_object_get(thresholds, "low")) || low < 1 || medium <= low || high <= medium)
        return "thresholds must be whole numbers with 1 <= low < medium < high";
    json_t *floor = json_object_get(config, "control_and_sign_at_least");
    if (floor != NULL && level_index(json_string_value(floor)) < 0)
        return "control_and_sign_at_least must be none, low, medium or high";
    return NULL;
}

enum domain_status screening_tool_current(struct domain_context *ctx, int *version, const char **config)
{
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena,
                    "SELECT version, config FROM screening_tools ORDER BY version DESC LIMIT 1", NULL, 0,
                    &r) != STORE_OK ||
        r.rows != 1)
        return DOMAIN_UNAVAILABLE;
    *version = (int)store_cell_int(&r, 0, "version");
    *config = store_cell_text(&r, 0, "config");
    return DOMAIN_OK;
}

enum domain_status screening_tool_publish(struct domain_context *ctx, const char *config, int *version,
                                          const char **problem)
{
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    if (!access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_MANAGE_DEFINITIONS, "update",
                           "screening_tool", NULL)
             .allowed) {
        store_commit(ctx->conn); /* keep the audit event of the refusal */
        return DOMAIN_FORBIDDEN;
    }
    json_t *parsed = json_loads(config, 0, NULL);
    json_t *groups = indicator_groups_by_code(ctx);
    *problem = json_is_object(parsed) ? config_problem(parsed, groups) : "config must be a JSON object";
    json_decref(groups);
    char *canonical = *problem == NULL ? json_dumps(parsed, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
    json_decref(parsed);
    if (canonical == NULL) {
        store_rollback(ctx->conn);
        return *problem != NULL ? DOMAIN_CONFLICT : DOMAIN_UNAVAILABLE;
    }
    const char *config_text = arena_strdup(ctx->arena, canonical);
    free(canonical);
    const char *current_config = NULL;
    int current = 0;
    enum domain_status status = screening_tool_current(ctx, &current, &current_config);
    *version = current + 1;
    const struct store_value p[] = {store_int(*version), store_text(config_text), store_text(clock_now_text(ctx->arena)),
                                    store_text(ctx->caller.is_token ? NULL : ctx->caller.user_id)};
    enum store_status stored =
        status == DOMAIN_OK
            ? store_exec(ctx->conn,
                         "INSERT INTO screening_tools (version, config, published_at, published_by) VALUES (?, ?, ?, ?)",
                         p, 4, NULL)
            : STORE_ERROR;
    if (stored == STORE_OK && store_commit(ctx->conn) == STORE_OK)
        return DOMAIN_OK;
    store_rollback(ctx->conn);
    return DOMAIN_UNAVAILABLE;
}

/* ---- scoring --------------------------------------------------------- */

struct score {
    int total;
    bool has_control;
    bool has_sign;
    json_t *breakdown;
};

static void score_indicators(json_t *config, json_t *groups, json_t *indicators, struct score *s)
{
    size_t i;
    json_t *item;
    json_array_foreach (indicators, i, item) {
        const char *code = json_string_value(json_object_get(item, "code"));
        const char *group = json_string_value(json_object_get(groups, code ? code : ""));
        if (code == NULL || group == NULL)
            continue;
        json_t *own = json_object_get(json_object_get(config, "indicator_weights"), code);
        json_int_t weight = own ? json_integer_value(own)
                                : json_integer_value(json_object_get(json_object_get(config, "group_weights"), group));
        s->total += (int)weight;
        s->has_control |= strcmp(group, "control") == 0;
        s->has_sign |= strcmp(group, "sign") == 0;
        json_array_append_new(s->breakdown, json_pack("{s:s,s:s,s:I}", "code", code, "group", group, "weight", weight));
    }
}

static void score_adverse_experiences(json_t *config, json_t *experiences, struct score *s)
{
    json_int_t each = json_integer_value(json_object_get(config, "adverse_experience_weight"));
    json_int_t cap = json_integer_value(json_object_get(config, "adverse_experience_cap"));
    json_int_t weight = each * (json_int_t)json_array_size(experiences);
    if (weight > cap)
        weight = cap;
    if (weight == 0)
        return;
    s->total += (int)weight;
    json_array_append_new(s->breakdown, json_pack("{s:s,s:s,s:I}", "code", "adverse_experiences", "group",
                                                  "adverse_childhood_experience", "weight", weight));
}

static const char *level_for(json_t *config, const struct score *s)
{
    json_t *thresholds = json_object_get(config, "thresholds");
    int level = s->total >= json_integer_value(json_object_get(thresholds, "high"))     ? 3
                : s->total >= json_integer_value(json_object_get(thresholds, "medium")) ? 2
                : s->total >= json_integer_value(json_object_get(thresholds, "low"))    ? 1
                                                                                        : 0;
    int floor = level_index(json_string_value(json_object_get(config, "control_and_sign_at_least")));
    if (s->has_control && s->has_sign && floor > level)
        level = floor;
    return risk_levels[level];
}

/* Scores indicators and experiences (JSON code lists) with the current
 * tool into the screening's tool, score, level and breakdown fields. */
static enum domain_status score_with_tool(struct domain_context *ctx, const char *indicators,
                                          const char *experiences, struct record_input *in)
{
    int version;
    const char *config_text;
    if (screening_tool_current(ctx, &version, &config_text) != DOMAIN_OK)
        return DOMAIN_UNAVAILABLE;
    json_t *config = json_loads(config_text, 0, NULL);
    json_t *groups = indicator_groups_by_code(ctx);
    json_t *indicator_list = json_loads(indicators, 0, NULL);
    json_t *experience_list = json_loads(experiences, 0, NULL);
    struct score s = {.breakdown = json_array()};
    score_indicators(config, groups, indicator_list, &s);
    score_adverse_experiences(config, experience_list, &s);
    char *breakdown = json_dumps(s.breakdown, JSON_COMPACT);
    in->values[SCREENING_TOOL_VERSION] = arena_printf(ctx->arena, "%d", version);
    in->values[SCREENING_SCORE] = arena_printf(ctx->arena, "%d", s.total);
    in->values[SCREENING_SCORED_LEVEL] = config ? level_for(config, &s) : NULL;
    in->values[SCREENING_SCORE_BREAKDOWN] = breakdown ? arena_strdup(ctx->arena, breakdown) : NULL;
    free(breakdown);
    json_decref(s.breakdown);
    json_decref(experience_list);
    json_decref(indicator_list);
    json_decref(groups);
    json_decref(config);
    return in->values[SCREENING_SCORED_LEVEL] && in->values[SCREENING_SCORE_BREAKDOWN] ? DOMAIN_OK : DOMAIN_UNAVAILABLE;
}

enum domain_status screening_score(struct domain_context *ctx, const char *indicators, const char *experiences,
                                   const char **level)
{
    struct record_input in = {0};
    enum domain_status status = score_with_tool(ctx, indicators, experiences, &in);
    *level = in.values[SCREENING_SCORED_LEVEL];
    return status;
}

/* ---- screenings ------------------------------------------------------ */

static bool screening_visible(struct domain_context *ctx, const struct record *r)
{
    return concern_subjects_visible(ctx, r->values[SCREENING_PERSON_ID], r->values[SCREENING_CONTEXT_ID]);
}

static const char *or_default(const char *value, const char *fallback)
{
    return value != NULL ? value : fallback;
}

static void fill_input(struct domain_context *ctx, const struct screening_request *rq, const struct record *concern,
                       struct record_input *in)
{
    for (int f = 0; f < SCREENING_FIELD_COUNT; f++)
        in->present[f] = true;
    in->values[SCREENING_CONCERN_ID] = concern->id;
    in->values[SCREENING_PERSON_ID] = concern->values[CONCERN_PERSON_ID];
    in->values[SCREENING_CONTEXT_ID] = concern->values[CONCERN_CONTEXT_ID];
    in->values[SCREENING_SCREENED_ON] = or_default(rq->screened_on, clock_today_text(ctx->arena));
    in->values[SCREENING_INDICATORS] = or_default(rq->indicators, concern->values[CONCERN_INDICATORS]);
    in->values[SCREENING_ADVERSE_EXPERIENCES] =
        or_default(rq->adverse_experiences, concern->values[CONCERN_ADVERSE_EXPERIENCES]);
    in->values[SCREENING_RATIONALE] = rq->rationale;
    in->values[SCREENING_PATHWAY] = rq->pathway;
    in->values[SCREENING_SHARING] = or_default(rq->sharing, concern->values[CONCERN_SHARING]);
}

/* Marks the concern screened, if the caller may change it (audited). */
static enum store_status mark_screened(struct domain_context *ctx, struct record *concern)
{
    struct record_ref ref;
    if (!record_ref(ctx, &concern_kind, concern->id, &ref) ||
        !access_record(ctx->conn, ctx->arena, &ctx->caller, ACCESS_WRITE, "update", &ref).allowed)
        return STORE_OK; /* the screening stands; the concern's owner moves it on */
    if (strcmp(concern->values[CONCERN_STATUS], "new") != 0)
        return STORE_OK;
    struct record_input status = {0};
    status.present[CONCERN_STATUS] = true;
    status.values[CONCERN_STATUS] = "screened";
    return record_update_fields(ctx, &concern_kind, &status, concern) == DOMAIN_OK ? STORE_OK : STORE_ERROR;
}

enum domain_status screening_create(struct domain_context *ctx, const struct screening_request *request,
                                    struct record *out)
{
    struct record concern;
    if (concern_read(ctx, request->concern_id, &concern) != DOMAIN_OK)
        return DOMAIN_NOT_FOUND;
    if (!access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_SCREEN_CONCERNS, "create", "screening",
                           concern.id)
             .allowed)
        return DOMAIN_FORBIDDEN;
    struct record_input in = {0};
    fill_input(ctx, request, &concern, &in);
    enum domain_status status = score_with_tool(ctx, in.values[SCREENING_INDICATORS],
                                                in.values[SCREENING_ADVERSE_EXPERIENCES], &in);
    if (status != DOMAIN_OK)
        return status;
    in.values[SCREENING_RISK_LEVEL] = or_default(request->risk_level, in.values[SCREENING_SCORED_LEVEL]);
    status = record_create(ctx, &screening_kind, &in, out);
    if (status != DOMAIN_OK)
        return status;
    return record_finish(ctx, mark_screened(ctx, &concern));
}

enum domain_status screening_read(struct domain_context *ctx, const char *id, struct record *out)
{
    return record_read_naming(ctx, &screening_kind, id, screening_visible, out);
}

enum domain_status screening_list(struct domain_context *ctx, const char *concern_id, const char *person_id,
                                  const char *cursor, int limit, struct record *out, int *count, const char **next)
{
    const struct store_value p[] = {store_text(concern_id), store_text(concern_id), store_text(person_id),
                                    store_text(person_id)};
    return record_list_newest(ctx, &screening_kind,
                              "(CAST(? AS TEXT) IS NULL OR r.concern_id = ?) AND "
                              "(CAST(? AS TEXT) IS NULL OR r.person_id = ?)",
                              p, 4, screening_visible, cursor, limit, out, count, next);
}
