-- Duplicate records of one young person, and merging them.
--
-- person_match_pairs: every pair of people whose records score at least
-- "possible" (domain/matching.c), kept up to date as people are written,
-- so that the duplicates queue is a lookup, not a comparison of every
-- pair. A coordinator's "these are different people" is kept with the
-- pair and survives rescoring. Derived data, read only through the access
-- policy (both people must be readable). The reasons are worked out again
-- when a pair is shown. Keys are made anew here, so that cshub serve fills
-- in the keys and pairs of every person in the background.
CREATE TABLE person_match_pairs (
    person_id     TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    other_id      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    score         INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    dismissed_by  TEXT REFERENCES users (id),
    dismissed_at  TEXT,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (person_id, other_id),
    CHECK (person_id < other_id)
);
CREATE INDEX person_match_pairs_other ON person_match_pairs (other_id);
CREATE INDEX person_match_pairs_score ON person_match_pairs (score DESC);
DELETE FROM person_match_keys;

-- A merged record stays, pointing at the record it was merged into; lists,
-- search and the network leave it out. Undoing the merge clears it.
ALTER TABLE people ADD COLUMN merged_into TEXT REFERENCES people (id);
CREATE INDEX people_merged_into ON people (merged_into);

-- A merge: which record was kept, which was merged into it, who did it,
-- why, and when it was undone.
CREATE TABLE person_merges (
    id          TEXT PRIMARY KEY,
    kept_id     TEXT NOT NULL REFERENCES people (id),
    merged_id   TEXT NOT NULL REFERENCES people (id),
    reason      TEXT NOT NULL,
    merged_by   TEXT REFERENCES users (id),
    merged_at   TEXT NOT NULL,
    undone_by   TEXT REFERENCES users (id),
    undone_at   TEXT,
    CHECK (kept_id <> merged_id)
);
CREATE INDEX person_merges_kept ON person_merges (kept_id);
CREATE INDEX person_merges_merged ON person_merges (merged_id);

-- An involvement a merge gave the kept record (the worker knew the merged
-- one) carries the merge; recording the involvement again clears it, so
-- that undoing the merge removes only what the merge alone added.
ALTER TABLE involvements ADD COLUMN merge_id TEXT REFERENCES person_merges (id);

-- What a merge moved, so that undoing it moves exactly that back: links
-- (either end), concerns, screenings, aliases moved or added,
-- involvements added, disruption, actions, MACE agenda items and
-- interventions (the tables of later migrations). row_key is the row's id, or the alias text, or the
-- user id of an involvement. (Screenings of a moved concern made after the
-- merge go back with the concern.)
CREATE TABLE person_merge_moves (
    merge_id TEXT NOT NULL REFERENCES person_merges (id),
    what     TEXT NOT NULL CHECK (what IN ('link_from', 'link_to', 'concern', 'screening', 'alias_moved',
                                           'alias_added', 'involvement_added', 'disruption', 'action',
                                           'meeting_item', 'person_intervention')),
    row_key  TEXT NOT NULL,
    PRIMARY KEY (merge_id, what, row_key)
);
