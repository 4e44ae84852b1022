-- Blocking keys for matching person records across agencies (see
-- domain/matching.c): a person's keys are written with the person, and two
-- records that could be the same young person share at least one, so
-- candidates are found without comparing every pair. Derived data: cshub
-- serve fills in the keys of people who have none (records from before
-- this migration).
CREATE TABLE person_match_keys (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    match_key TEXT NOT NULL,
    PRIMARY KEY (person_id, match_key)
);
CREATE INDEX person_match_keys_key ON person_match_keys (match_key);
