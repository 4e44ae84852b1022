-- Young people and adults of concern (the casework issue adds the full
-- set of fields), the involvements that let a practitioner see another
-- agency's hub-shared record, break-glass grants and the alerts they raise.
CREATE TABLE people (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('young_person', 'adult_of_concern')),
    given_name      TEXT NOT NULL,
    family_name     TEXT NOT NULL,
    date_of_birth   TEXT,
    owner_agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing         TEXT NOT NULL CHECK (sharing IN ('agency', 'hub', 'restricted')),
    created_by      TEXT REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX people_owner ON people (owner_agency_id);

CREATE TABLE involvements (
    user_id     TEXT NOT NULL REFERENCES users (id),
    person_id   TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    recorded_by TEXT REFERENCES users (id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, person_id)
);

CREATE TABLE break_glass_grants (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX break_glass_grants_lookup ON break_glass_grants (user_id, record_type, record_id, expires_at);

CREATE TABLE alerts (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    user_id     TEXT REFERENCES users (id),
    record_type TEXT,
    record_id   TEXT,
    reason      TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX alerts_created ON alerts (created_at);
