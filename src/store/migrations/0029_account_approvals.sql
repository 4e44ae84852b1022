-- No one widens their own reach (docs/security.md, "Admins cannot widen
-- reach"). An account entering a role that reads children's records —
-- created, or moved into it or into another agency — waits here until a
-- second person of the hub approves it; the person then sets their own
-- password with a one-time set-up code (stored only as a hash). API
-- tokens belong to the person who made them, may say so for the admin
-- role too, and remember whether that person had passed the second factor.
CREATE TABLE account_approvals (
    id                 TEXT PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('create', 'change')),
    user_id            TEXT REFERENCES users (id),      -- the account changed; for 'create', set on approval
    email              TEXT COLLATE NOCASE,             -- 'create' only
    name               TEXT NOT NULL,
    role               TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'practitioner',
                           'analyst', 'board_viewer')),
    agency_id          TEXT NOT NULL REFERENCES agencies (id),
    previous_role      TEXT,                            -- 'change' only: as it was when asked
    previous_agency_id TEXT REFERENCES agencies (id),
    requested_by       TEXT NOT NULL,                   -- a user, or an admin's API token
    requested_at       TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
    decided_by         TEXT REFERENCES users (id),
    decided_at         TEXT,
    reason             TEXT                             -- why it was refused
);
CREATE INDEX account_approvals_status ON account_approvals (status, requested_at);
CREATE UNIQUE INDEX account_approvals_one_pending_email ON account_approvals (email)
    WHERE status = 'pending' AND kind = 'create';
CREATE UNIQUE INDEX account_approvals_one_pending_user ON account_approvals (user_id)
    WHERE status = 'pending' AND kind = 'change';

CREATE TABLE account_setup_codes (
    user_id    TEXT PRIMARY KEY REFERENCES users (id),
    code_hash  TEXT NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL,                        -- Unix seconds
    created_at TEXT NOT NULL
);

-- Tokens: 'admin' joins the roles a token may carry (an admin's own
-- token), and second_factor records whether the session that made it had
-- passed the second factor.
CREATE TABLE api_tokens_new (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    agency_id     TEXT NOT NULL REFERENCES agencies (id),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'practitioner', 'analyst', 'board_viewer')),
    token_hash    TEXT NOT NULL UNIQUE,
    created_by    TEXT REFERENCES users (id),
    created_at    TEXT NOT NULL,
    revoked_at    TEXT,
    last_used_at  TEXT,
    second_factor INTEGER NOT NULL DEFAULT 0 CHECK (second_factor IN (0, 1))
);
INSERT INTO api_tokens_new (id, name, agency_id, role, token_hash, created_by, created_at, revoked_at, last_used_at)
    SELECT id, name, agency_id, role, token_hash, created_by, created_at, revoked_at, last_used_at FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_created_by ON api_tokens (created_by);
