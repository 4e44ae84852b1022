-- Concerns raised by any partner about a young person or a context, the
-- screenings of them (each kept: a young person's risk is a history), and
-- the configurable screening tool, versioned like the definitions.
-- Codes (exploitation types, indicators, adverse childhood experiences)
-- are JSON arrays of {"code", "version"}: a record keeps the version of
-- each definition it was coded with.
CREATE TABLE concerns (
    id                   TEXT PRIMARY KEY,
    person_id            TEXT REFERENCES people (id),
    context_id           TEXT REFERENCES contexts (id),
    concern_date         TEXT NOT NULL,
    raised_by            TEXT NOT NULL,
    exploitation_types   TEXT NOT NULL DEFAULT '[]',
    indicators           TEXT NOT NULL DEFAULT '[]',
    adverse_experiences  TEXT NOT NULL DEFAULT '[]',
    narrative            TEXT NOT NULL,
    young_person_words   TEXT,
    status               TEXT NOT NULL CHECK (status IN ('new', 'screened', 'at_mace', 'closed')),
    owner_agency_id      TEXT NOT NULL REFERENCES agencies (id),
    sharing              TEXT NOT NULL CHECK (sharing IN ('agency', 'hub', 'restricted')),
    created_by           TEXT REFERENCES users (id),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    search_key           TEXT NOT NULL DEFAULT '',
    CHECK (person_id IS NOT NULL OR context_id IS NOT NULL)
);
CREATE INDEX concerns_person ON concerns (person_id, concern_date);
CREATE INDEX concerns_context ON concerns (context_id, concern_date);
CREATE INDEX concerns_status ON concerns (status, created_at);

CREATE TABLE screening_tools (
    version      INTEGER PRIMARY KEY CHECK (version >= 1),
    config       TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT REFERENCES users (id)
);

CREATE TABLE screenings (
    id                  TEXT PRIMARY KEY,
    concern_id          TEXT NOT NULL REFERENCES concerns (id),
    person_id           TEXT REFERENCES people (id),
    context_id          TEXT REFERENCES contexts (id),
    screened_on         TEXT NOT NULL,
    indicators          TEXT NOT NULL DEFAULT '[]',
    adverse_experiences TEXT NOT NULL DEFAULT '[]',
    tool_version        INTEGER NOT NULL REFERENCES screening_tools (version),
    score               INTEGER NOT NULL,
    scored_level        TEXT NOT NULL CHECK (scored_level IN ('none', 'low', 'medium', 'high')),
    score_breakdown     TEXT NOT NULL DEFAULT '[]',
    risk_level          TEXT NOT NULL CHECK (risk_level IN ('none', 'low', 'medium', 'high')),
    rationale           TEXT NOT NULL,
    pathway             TEXT NOT NULL CHECK (pathway IN ('universal', 'early_help', 'child_in_need',
                            'child_protection', 'mace')),
    owner_agency_id     TEXT NOT NULL REFERENCES agencies (id),
    sharing             TEXT NOT NULL CHECK (sharing IN ('agency', 'hub', 'restricted')),
    created_by          TEXT REFERENCES users (id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    search_key          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX screenings_concern ON screenings (concern_id);
CREATE INDEX screenings_person ON screenings (person_id, screened_on);
CREATE INDEX screenings_context ON screenings (context_id, screened_on);

-- Version 1 of the tool; docs/screening.md explains each part.
INSERT INTO screening_tools (version, config, published_at) VALUES (1, '{
  "group_weights": {"push": 1, "pull": 2, "control": 3, "sign": 2},
  "indicator_weights": {"going_missing": 3, "found_out_of_area": 3, "carrying_weapons": 4,
                        "debt_bondage": 4, "image_blackmail": 4, "threats_to_family": 4},
  "adverse_experience_weight": 1,
  "adverse_experience_cap": 4,
  "thresholds": {"low": 1, "medium": 6, "high": 12},
  "control_and_sign_at_least": "medium"
}', '2026-01-01T00:00:00.000Z');
