-- Interventions for young people (issue: "interventions for young people
-- and for contexts"): mentoring, a trusted youth worker, education or
-- family support, ... — what partners do with a young person, as the
-- contextual ones are what they do at a place or with a group. The kinds
-- are the same configurable list, each kind saying what it applies to. A
-- young person's intervention is a record about them (the access policy's
-- personal table), shown only with them.
ALTER TABLE intervention_types ADD COLUMN applies_to TEXT NOT NULL DEFAULT 'context'
    CHECK (applies_to IN ('context', 'young_person'));

CREATE TABLE person_interventions (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL REFERENCES people (id),
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
CREATE INDEX person_interventions_person ON person_interventions (person_id, started_on);

INSERT INTO intervention_types (code, label, description, sort_order, applies_to, created_at, updated_at) VALUES
    ('mentoring', 'Mentoring', 'A mentor meeting the young person regularly.', 200, 'young_person',
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('trusted_youth_worker', 'Trusted youth worker', 'One youth worker the young person trusts, seeing them every week.', 210,
     'young_person', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('education_support', 'Education support', 'A place, a timetable or support to keep the young person in education.', 220,
     'young_person', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('family_support', 'Family support', 'Work with parents or carers to keep the young person safe at home and outside.', 230,
     'young_person', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('health_support', 'Health and emotional support', 'Mental health, sexual health or substance misuse services.', 240,
     'young_person', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('positive_activities', 'Positive activities', 'Sport, arts or a club with safe adults and peers.', 250, 'young_person',
     '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('return_home_interviews', 'Return home interviews', 'An independent conversation each time the young person comes back from going missing.', 260,
     'young_person', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('safety_plan', 'Safety plan', 'A plan agreed with the young person and family: safe places, people and routes.', 270,
     'young_person', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
