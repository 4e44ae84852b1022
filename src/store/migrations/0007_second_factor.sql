-- The optional TOTP second factor (RFC 6238): a user's secret (hex), one
-- being enrolled, the last time step accepted (so a code works once), and
-- per role whether the second factor is mandatory.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

CREATE TABLE role_settings (
    role                     TEXT PRIMARY KEY CHECK (role IN ('admin', 'coordinator', 'practitioner',
                                 'analyst', 'board_viewer')),
    second_factor_required   INTEGER NOT NULL DEFAULT 0 CHECK (second_factor_required IN (0, 1))
);
INSERT INTO role_settings (role) VALUES ('admin'), ('coordinator'), ('practitioner'), ('analyst'), ('board_viewer');
