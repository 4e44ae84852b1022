-- Disruption: what police, community safety and other partners do against
-- an adult of concern or a context (a place, group, school or online
-- space) to stop exploitation — a Child Abduction Warning Notice, a
-- Community Protection Notice, a closure order, an arrest, a licensing
-- review, a National Referral Mechanism referral, an order — carried out
-- by an agency on a day, with its result. Each disruption is against
-- exactly one adult of concern (person_id) or one context (context_id),
-- never a young person. The tactics are a constant list kept in the code
-- (src/domain/disruption.c) and checked here; 'other' carries a
-- description. Against a person a disruption is a personal record (the
-- personal-record table of the access policy, record type "disruption");
-- against a context it follows the context table (record type
-- "context_disruption"). Police intelligence is recorded 'restricted'.
CREATE TABLE disruptions (
    id                 TEXT PRIMARY KEY,
    person_id          TEXT REFERENCES people (id),
    context_id         TEXT REFERENCES contexts (id),
    tactic             TEXT NOT NULL CHECK (tactic IN (
                           'child_abduction_warning_notice', 'community_protection_notice', 'closure_order',
                           'arrest', 'licensing_review', 'nrm_referral', 'sexual_risk_order',
                           'slavery_trafficking_prevention_order', 'other')),
    tactic_description TEXT CHECK (tactic_description IS NULL OR length(tactic_description) <= 200),
    agency_id          TEXT NOT NULL REFERENCES agencies (id),
    occurred_on        TEXT NOT NULL,
    result             TEXT CHECK (result IS NULL OR length(result) <= 2000),
    outcome_on         TEXT,
    notes              TEXT CHECK (notes IS NULL OR length(notes) <= 5000),
    owner_agency_id    TEXT NOT NULL REFERENCES agencies (id),
    sharing            TEXT NOT NULL CHECK (sharing IN ('agency', 'hub', 'restricted')),
    created_by         TEXT REFERENCES users (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    search_key         TEXT NOT NULL DEFAULT '',
    CHECK ((person_id IS NULL) <> (context_id IS NULL)),
    CHECK (tactic <> 'other' OR tactic_description IS NOT NULL),
    CHECK (outcome_on IS NULL OR outcome_on >= occurred_on)
);
CREATE INDEX disruptions_person ON disruptions (person_id, created_at) WHERE person_id IS NOT NULL;
CREATE INDEX disruptions_context ON disruptions (context_id, created_at) WHERE context_id IS NOT NULL;
