-- API tokens for partner systems: shown once, stored as a hash, tied to an
-- agency and a role, revocable.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    agency_id    TEXT NOT NULL REFERENCES agencies (id),
    role         TEXT NOT NULL CHECK (role IN ('coordinator', 'practitioner', 'analyst', 'board_viewer')),
    token_hash   TEXT NOT NULL UNIQUE,
    created_by   TEXT REFERENCES users (id),
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
);
