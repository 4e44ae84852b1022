-- The outcome framework (recommendation 3: "clear outcome measures be
-- defined to measure success of interventions and approaches"), held as
-- data: each measure's name, plain-English definition, level, how it is
-- computed, unit, which direction is better, an optional target and its
-- source. The computation itself is code (src/analysis/outcomes.c, one
-- entry per code); a partnership rewords, retargets or reorders its
-- measures here. Also the hub's settings the measures use, and the
-- population of each area (for rates per 10,000).
CREATE TABLE outcome_measures (
    code        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('individual', 'contextual', 'system')),
    definition  TEXT NOT NULL,
    computation TEXT NOT NULL,
    unit        TEXT NOT NULL CHECK (unit IN ('count', 'percent', 'days', 'per_meeting')),
    better      TEXT NOT NULL CHECK (better IN ('higher', 'lower', 'neither')),
    target      REAL,
    source      TEXT NOT NULL,
    recommendation INTEGER CHECK (recommendation BETWEEN 1 AND 9)
);

-- One row: the standard for screening (days from concern to first
-- screening) and the largest count shown as "c" to anyone but a
-- coordinator.
CREATE TABLE outcome_settings (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    screening_standard_days INTEGER NOT NULL DEFAULT 3 CHECK (screening_standard_days BETWEEN 0 AND 365),
    suppression_threshold   INTEGER NOT NULL DEFAULT 5 CHECK (suppression_threshold BETWEEN 0 AND 100)
);
INSERT INTO outcome_settings (id) VALUES (1);

-- Children and young people aged 10 to 17 living in each postcode district
-- (from the census or the council's own estimate), for rates per 10,000.
CREATE TABLE area_populations (
    postcode_district TEXT PRIMARY KEY,
    population        INTEGER NOT NULL CHECK (population > 0)
);

CREATE INDEX concerns_date ON concerns (concern_date);
CREATE INDEX screenings_screened_on ON screenings (screened_on);

INSERT INTO outcome_measures (code, position, name, level, definition, computation, unit, better, target, source,
                              recommendation) VALUES
('concerns_received', 10, 'Concerns received', 'system',
 'Concerns about young people and places recorded by partner agencies: how much the partnership notices and shares.',
 'Each concern counted in the month of its concern date, under the agency that recorded it (or its exploitation types, or the young person''s area, age band at the concern, sex or ethnicity). A concern coded with two exploitation types counts under each.',
 'count', 'neither', NULL, 'Concerns recorded in cshub', 2),
('days_to_screening', 20, 'Days from concern to screening', 'system',
 'How long a concern waits before the hub screens it: the median and the 90th percentile.',
 'For each concern screened, the days from its concern date to its first screening, in the month of the concern date. Concerns not yet screened are left out (see Screened within the standard).',
 'days', 'lower', NULL, 'Concerns and screenings in cshub', 8),
('screened_within_standard', 30, 'Screened within the standard', 'system',
 'The share of concerns screened within the hub''s standard number of days.',
 'Of the concerns dated in the month, the share whose first screening came within the standard (set by the hub; 3 days unless changed). A concern still waiting counts as not within the standard once the standard has passed.',
 'percent', 'higher', 90, 'Concerns and screenings in cshub', 8),
('repeat_concerns', 40, 'Repeat concerns within 12 months', 'individual',
 'Young people about whom a new concern is raised within a year of an earlier one: a sign that what was done did not last.',
 'Of the young people with a concern in the month, the share who had another concern in the 12 months before it.',
 'percent', 'lower', NULL, 'Concerns recorded in cshub', 3),
('risk_trajectory_3m', 50, 'Risk lower 3 months after MACE', 'individual',
 'Whether young people discussed at MACE are at lower risk three months on.',
 'For the young people first discussed at a MACE meeting in the month, the share whose latest screening three months after that meeting is at a lower risk level than their latest screening before it. Young people with no screening before, or none since, are left out.',
 'percent', 'higher', NULL, 'MACE agendas and screenings in cshub', 3),
('risk_trajectory_6m', 60, 'Risk lower 6 months after MACE', 'individual',
 'Whether young people discussed at MACE are at lower risk six months on.',
 'As for three months, six months after the first MACE discussion.',
 'percent', 'higher', NULL, 'MACE agendas and screenings in cshub', 3),
('stepped_down', 70, 'Young people stepped down from MACE', 'individual',
 'Young people whose pathway moved from MACE to a lower one: their risk reduced enough to be managed elsewhere.',
 'Each screening on the MACE pathway followed by a screening of the same young person on another pathway, counted in the month of the later screening.',
 'count', 'higher', NULL, 'Screenings in cshub', 3),
('context_ratings', 80, 'Places and groups assessed high risk', 'contextual',
 'How many of the assessed contexts stand at high risk: a place made safer moves down.',
 'At the end of each month, the contexts whose latest assessment by then is rated high (or, broken down by rating, every rating).',
 'count', 'lower', NULL, 'Context assessments in cshub', 3),
('concerns_after_intervention', 90, 'Concerns at a place after an intervention', 'contextual',
 'Whether concerns linked to a place fall after the partnership intervenes there or disrupts those who exploit there.',
 'For each intervention or disruption at a place that started in the month, the concerns raised about that place in the 3 months after it, as a share of those in the 3 months before it (100 means no change; below 100 fewer).',
 'percent', 'lower', NULL, 'Interventions, disruptions and concerns in cshub', 3),
('actions_on_time', 100, 'MACE actions done on time', 'system',
 'Whether agencies do what they agreed at MACE by the date agreed.',
 'Of the actions due in the month (cancelled ones left out), the share done on or before their due date, under the agency given the action.',
 'percent', 'higher', 90, 'MACE actions in cshub', 8),
('mace_attendance', 110, 'MACE attendance', 'system',
 'Whether the agencies invited to MACE come: multi-agency capacity to meet need.',
 'Of the agencies invited to the meetings held in the month, the share that sent someone (apologies do not count as present).',
 'percent', 'higher', 90, 'MACE meetings in cshub', 8),
('young_people_per_meeting', 120, 'Young people per MACE meeting', 'system',
 'The load on the MACE panel: how many young people each meeting discusses, against the need.',
 'The young people on the agendas of the meetings held in the month, divided by the number of those meetings.',
 'per_meeting', 'neither', NULL, 'MACE agendas in cshub', 8),
('definitions_adopted', 130, 'Shared definitions adopted', 'system',
 'Whether every partner has adopted the shared definitions (recommendation 2: a consistent definition adopted by all partners).',
 'At the end of each month, of the pairs of agency and shared definition, the share where the agency had adopted the definition''s version current then.',
 'percent', 'higher', 100, 'Definitions and adoptions in cshub', 2);
