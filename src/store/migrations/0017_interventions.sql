-- Contextual interventions: what partners do to make a place, group,
-- school or online space safer (detached youth work, licensing action,
-- CCTV, capable guardians, school sessions, ...), recorded against the
-- context. The kinds of intervention are a configurable list kept by the
-- administrators: a kind is relabelled or retired, never deleted, so every
-- intervention keeps the code it was recorded with. An intervention is read
-- and written through the access policy's context table, and only with
-- its context.
CREATE TABLE intervention_types (
    code        TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^a-z0-9_]*'),
    label       TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    sort_order  INTEGER NOT NULL DEFAULT 0 CHECK (sort_order BETWEEN 0 AND 10000),
    retired_at  TEXT, -- NULL while it may be chosen for new interventions
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT REFERENCES users (id)
);

CREATE TABLE interventions (
    id              TEXT PRIMARY KEY,
    context_id      TEXT NOT NULL REFERENCES contexts (id),
    type            TEXT NOT NULL REFERENCES intervention_types (code),
    lead_agency_id  TEXT NOT NULL REFERENCES agencies (id),
    started_on      TEXT NOT NULL,
    ended_on        TEXT,
    status          TEXT NOT NULL CHECK (status IN ('planned', 'active', 'ended')),
    description     TEXT NOT NULL,
    outcome         TEXT,
    owner_agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing         TEXT NOT NULL CHECK (sharing IN ('agency', 'hub', 'restricted')),
    created_by      TEXT REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    search_key      TEXT NOT NULL DEFAULT '',
    CHECK (ended_on IS NULL OR ended_on >= started_on),
    CHECK (status <> 'ended' OR ended_on IS NOT NULL)
);
CREATE INDEX interventions_context ON interventions (context_id, started_on);
CREATE INDEX interventions_type ON interventions (type);

-- The default list; administrators add, relabel and retire kinds.
INSERT INTO intervention_types (code, label, description, sort_order, created_at, updated_at) VALUES
    ('detached_youth_work', 'Detached youth work',
     'Youth workers meeting young people where they gather, outside any building.', 10,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('licensing_action', 'Licensing action',
     'A licensing review, conditions or visits to licensed premises.', 20,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('cctv', 'CCTV',
     'Cameras installed, moved or monitored to cover the place.', 30,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('capable_guardians', 'Capable guardians',
     'Trained adults present: park wardens, security or shop staff, street marshals.', 40,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('school_sessions', 'School sessions and education',
     'Sessions in a school or college on exploitation, safety or healthy relationships.', 50,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('police_disruption', 'Police patrols or disruption',
     'Patrols, stop checks, dispersal or other disruption at the place.', 60,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('environmental_change', 'Environmental changes',
     'Lighting, layout, cutting back cover, closing a route.', 70,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('business_engagement', 'Business engagement',
     'Training and support for takeaway, shop, hotel or taxi staff to spot and report exploitation.', 80,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('peer_group_work', 'Peer group work',
     'Work with a group of young people together.', 90,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('online_reporting', 'Online platform reporting or takedown',
     'Reports to a platform, takedown requests, moderation agreed with the platform.', 100,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('transport_safety', 'Transport safety',
     'Work with bus, rail and taxi operators and their staff on routes and stations.', 110,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('community_engagement', 'Community engagement',
     'Residents, faith and community groups engaged to watch out for and support young people.', 120,
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
