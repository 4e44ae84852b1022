-- Failed sign-ins, kept briefly to throttle guessing. The key is either a
-- hash of the email address tried (so unknown and known accounts are
-- throttled alike) or the client address.
CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);
