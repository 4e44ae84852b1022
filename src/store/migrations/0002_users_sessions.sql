-- People who use cshub and their signed-in sessions. A session token is
-- stored only as a hash; times are Unix seconds so expiry is arithmetic.
CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    email               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name                TEXT NOT NULL,
    agency_id           TEXT NOT NULL REFERENCES agencies (id),
    role                TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'practitioner',
                            'analyst', 'board_viewer')),
    password_hash       TEXT NOT NULL,
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);
CREATE INDEX users_agency ON users (agency_id);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
