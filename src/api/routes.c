/* The API route table; see routes.h. */
#include "api/routes.h"

#include "api/access_purposes.h"
#include "api/account.h"
#include "api/action_plan.h"
#include "api/actions.h"
#include "api/admin.h"
#include "api/analysis.h"
#include "api/approvals.h"
#include "api/assessments.h"
#include "api/board_reports.h"
#include "api/boards.h"
#include "api/chronology.h"
#include "api/network.h"
#include "api/concerns.h"
#include "api/contexts.h"
#include "api/definitions.h"
#include "api/disruptions.h"
#include "api/health.h"
#include "api/intervention_types.h"
#include "api/interventions.h"
#include "api/links.h"
#include "api/meetings.h"
#include "api/merges.h"
#include "api/minutes_pdf.h"
#include "api/outcomes.h"
#include "api/oversight.h"
#include "api/people.h"
#include "api/screenings.h"
#include "api/second_factor.h"
#include "api/session.h"
#include "api/settings.h"
#include "api/staff.h"

const struct route api_routes[] = {
    {"GET", "/healthz", api_healthz, ROUTE_PUBLIC},
    {"POST", "/api/v1/session", api_session_create, ROUTE_PUBLIC | ROUTE_JSON_BODY},
    {"GET", "/api/v1/session", api_session_show, ROUTE_ENROLMENT},
    {"DELETE", "/api/v1/session", api_session_delete, ROUTE_ENROLMENT},
    {"GET", "/api/v1/settings", api_settings_show, 0},
    {"GET", "/api/v1/definitions", api_definitions_list, 0},
    {"POST", "/api/v1/definitions", api_definitions_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/definitions/{id}", api_definitions_show, 0},
    {"POST", "/api/v1/definitions/{id}/versions", api_definitions_publish, ROUTE_JSON_BODY},
    {"POST", "/api/v1/definitions/{id}/adoptions", api_definitions_adopt, ROUTE_JSON_BODY},
    {"GET", "/api/v1/boards", api_boards_list, 0},
    {"PUT", "/api/v1/boards/{id}/report-sections", api_board_report_sections_update, ROUTE_JSON_BODY},
    {"GET", "/api/v1/boards/{id}/reports/{quarter}", api_board_report_show, 0},
    {"GET", "/api/v1/boards/{id}/reports/{quarter}/report.pdf", api_board_report_pdf, 0},
    {"GET", "/api/v1/boards/{id}/reports/{quarter}/report.xlsx", api_board_report_xlsx, 0},
    {"GET", "/api/v1/boards/{id}/reports/{quarter}/report.csv", api_board_report_csv, 0},
    {"GET", "/api/v1/action-plan", api_action_plan_show, 0},
    {"POST", "/api/v1/action-plan/recommendations", api_plan_recommendations_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/action-plan/recommendations/{id}", api_plan_recommendations_show, 0},
    {"POST", "/api/v1/action-plan/recommendations/{id}/actions", api_plan_actions_create, ROUTE_JSON_BODY},
    {"PATCH", "/api/v1/plan-actions/{id}", api_plan_actions_update, ROUTE_JSON_BODY},
    {"POST", "/api/v1/plan-actions/{id}/updates", api_plan_updates_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/contexts", api_contexts_list, 0},
    {"POST", "/api/v1/contexts", api_contexts_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/contexts/{id}", api_contexts_show, 0},
    {"PATCH", "/api/v1/contexts/{id}", api_contexts_update, ROUTE_JSON_BODY},
    {"GET", "/api/v1/contexts/{id}/links", api_contexts_links, 0},
    {"GET", "/api/v1/contexts/{id}/chronology", api_contexts_chronology, 0},
    {"GET", "/api/v1/contexts/{id}/assessments", api_assessments_list, 0},
    {"POST", "/api/v1/contexts/{id}/assessments", api_assessments_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/assessment-forms", api_assessment_forms, 0},
    {"GET", "/api/v1/contexts/{id}/interventions", api_interventions_list, 0},
    {"POST", "/api/v1/contexts/{id}/interventions", api_interventions_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/interventions/{id}", api_interventions_show, 0},
    {"PATCH", "/api/v1/interventions/{id}", api_interventions_update, ROUTE_JSON_BODY},
    {"GET", "/api/v1/intervention-types", api_intervention_types_list, 0},
    {"GET", "/api/v1/access-purposes", api_access_purposes_list, 0},
    {"POST", "/api/v1/access-purposes", api_access_purposes_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/access-purposes/choices", api_access_purpose_choices_list, 0},
    {"POST", "/api/v1/access-purposes/choices", api_access_purpose_choices_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/access-purposes/agencies", api_access_purpose_agencies_list, 0},
    {"PATCH", "/api/v1/access-purposes/agencies/{id}", api_access_purpose_agencies_update, ROUTE_JSON_BODY},
    {"PATCH", "/api/v1/access-purposes/{code}", api_access_purposes_update, ROUTE_JSON_BODY},
    {"DELETE", "/api/v1/access-purposes/{code}", api_access_purposes_delete, 0},
    {"GET", "/api/v1/disruptions", api_disruptions_list, 0},
    {"POST", "/api/v1/disruptions", api_disruptions_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/disruptions/{id}", api_disruptions_show, 0},
    {"PATCH", "/api/v1/disruptions/{id}", api_disruptions_update, ROUTE_JSON_BODY},
    {"POST", "/api/v1/intervention-types", api_intervention_types_create, ROUTE_JSON_BODY},
    {"PATCH", "/api/v1/intervention-types/{code}", api_intervention_types_update, ROUTE_JSON_BODY},
    {"GET", "/api/v1/network", api_network_neighbourhood, 0},
    {"GET", "/api/v1/network/groups", api_network_groups, 0},
    {"GET", "/api/v1/network/communities", api_network_communities, 0},
    {"GET", "/api/v1/network/brokers", api_network_brokers, 0},
    {"GET", "/api/v1/network/adults", api_network_adults, 0},
    {"GET", "/api/v1/network/hotspots", api_network_hotspots, 0},
    {"GET", "/api/v1/network/proposals", api_network_proposals, 0},
    {"GET", "/api/v1/analysis/network/groups", api_analysis_groups, 0},
    {"GET", "/api/v1/analysis/network/communities", api_analysis_communities, 0},
    {"GET", "/api/v1/analysis/network/brokers", api_analysis_brokers, 0},
    {"GET", "/api/v1/analysis/network/adults", api_analysis_adults, 0},
    {"GET", "/api/v1/analysis/network/hotspots", api_analysis_hotspots, 0},
    {"POST", "/api/v1/pseudonyms/{pseudonym}/resolve", api_pseudonyms_resolve, ROUTE_JSON_BODY},
    {"GET", "/api/v1/outcomes/measures", api_outcome_measures_list, 0},
    {"GET", "/api/v1/outcomes/measures/{code}", api_outcome_measures_show, 0},
    {"GET", "/api/v1/meetings", api_meetings_list, 0},
    {"POST", "/api/v1/meetings", api_meetings_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/meetings/{id}", api_meetings_show, 0},
    {"PATCH", "/api/v1/meetings/{id}", api_meetings_update, ROUTE_JSON_BODY},
    {"GET", "/api/v1/meetings/{id}/minutes.pdf", api_meetings_minutes_pdf, 0},
    {"POST", "/api/v1/meetings/{id}/close", api_meetings_close, 0},
    {"POST", "/api/v1/meetings/{id}/agenda", api_meetings_build_agenda, 0},
    {"POST", "/api/v1/meetings/{id}/items", api_meeting_items_create, ROUTE_JSON_BODY},
    {"PATCH", "/api/v1/meeting-items/{id}", api_meeting_items_update, ROUTE_JSON_BODY},
    {"DELETE", "/api/v1/meeting-items/{id}", api_meeting_items_delete, 0},
    {"GET", "/api/v1/actions", api_actions_list, 0},
    {"POST", "/api/v1/actions", api_actions_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/actions/{id}", api_actions_show, 0},
    {"PATCH", "/api/v1/actions/{id}", api_actions_update, ROUTE_JSON_BODY},
    {"GET", "/api/v1/concerns", api_concerns_list, 0},
    {"POST", "/api/v1/concerns", api_concerns_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/concerns/{id}", api_concerns_show, 0},
    {"PATCH", "/api/v1/concerns/{id}", api_concerns_update, ROUTE_JSON_BODY},
    {"GET", "/api/v1/screenings", api_screenings_list, 0},
    {"POST", "/api/v1/screenings", api_screenings_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/screenings/{id}", api_screenings_show, 0},
    {"GET", "/api/v1/screening-tool", api_screening_tool_show, 0},
    {"PUT", "/api/v1/screening-tool", api_screening_tool_publish, ROUTE_JSON_BODY},
    {"POST", "/api/v1/links", api_links_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/links/{id}", api_links_show, 0},
    {"PATCH", "/api/v1/links/{id}", api_links_update, ROUTE_JSON_BODY},
    {"GET", "/api/v1/people/{id}/links", api_people_links, 0},
    {"GET", "/api/v1/people/{id}/interventions", api_person_interventions_list, 0},
    {"POST", "/api/v1/people/{id}/interventions", api_person_interventions_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/people/{id}/chronology", api_people_chronology, 0},
    {"GET", "/api/v1/people/{id}/duplicates", api_people_duplicates, 0},
    {"GET", "/api/v1/duplicates", api_duplicates_queue, 0},
    {"POST", "/api/v1/duplicates/set-aside", api_duplicates_set_aside, ROUTE_JSON_BODY},
    {"POST", "/api/v1/merges", api_merges_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/merges/{id}", api_merges_show, 0},
    {"POST", "/api/v1/merges/{id}/undo", api_merges_undo, 0},
    {"GET", "/api/v1/people", api_people_list, 0},
    {"POST", "/api/v1/people", api_people_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/people/{id}", api_people_show, 0},
    {"PATCH", "/api/v1/people/{id}", api_people_update, ROUTE_JSON_BODY},
    {"POST", "/api/v1/people/{id}/involvements", api_people_add_involvement, ROUTE_JSON_BODY},
    {"GET", "/api/v1/people/{id}/audit", api_people_audit, 0},
    {"POST", "/api/v1/break-glass", api_break_glass_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/alerts", api_alerts_list, 0},
    {"GET", "/api/v1/agencies", api_agencies_list, 0},
    {"POST", "/api/v1/agencies", api_agencies_create, ROUTE_JSON_BODY},
    {"GET", "/api/v1/agencies/{id}/users", api_agency_users_list, 0},
    {"GET", "/api/v1/users", api_users_list, 0},
    {"POST", "/api/v1/users", api_users_create, ROUTE_JSON_BODY},
    {"PATCH", "/api/v1/users/{id}", api_users_update, ROUTE_JSON_BODY},
    {"GET", "/api/v1/tokens", api_tokens_list, 0},
    {"POST", "/api/v1/tokens", api_tokens_create, ROUTE_JSON_BODY},
    {"DELETE", "/api/v1/tokens/{id}", api_tokens_revoke, 0},
    {"GET", "/api/v1/approvals", api_approvals_list, 0},
    {"POST", "/api/v1/approvals/{id}/approve", api_approvals_approve, 0},
    {"POST", "/api/v1/approvals/{id}/refuse", api_approvals_refuse, ROUTE_JSON_BODY},
    {"POST", "/api/v1/account/setup", api_account_setup, ROUTE_PUBLIC | ROUTE_JSON_BODY},
    {"POST", "/api/v1/account/password", api_account_change_password, ROUTE_JSON_BODY | ROUTE_ENROLMENT},
    {"POST", "/api/v1/account/second-factor", api_second_factor_start, ROUTE_ENROLMENT},
    {"POST", "/api/v1/account/second-factor/confirm", api_second_factor_confirm, ROUTE_JSON_BODY | ROUTE_ENROLMENT},
    {"POST", "/api/v1/account/second-factor/disable", api_second_factor_disable, ROUTE_JSON_BODY},
    {"GET", "/api/v1/roles", api_roles_list, 0},
    {"PATCH", "/api/v1/roles/{role}", api_roles_update, ROUTE_JSON_BODY},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
