-- A merge also fills in the details the kept record lacks (date of birth,
-- postcode, school, identifiers, ...) from the merged record; it writes
-- down each field it filled, as what = 'filled' and row_key = the column,
-- so that undoing it clears exactly those (while unchanged since). The
-- CHECK on what is widened by rebuilding the table, as SQLite requires.
CREATE TABLE person_merge_moves_new (
    merge_id TEXT NOT NULL REFERENCES person_merges (id),
    what     TEXT NOT NULL CHECK (what IN ('link_from', 'link_to', 'concern', 'screening', 'alias_moved',
                                           'alias_added', 'involvement_added', 'disruption', 'action',
                                           'meeting_item', 'person_intervention', 'filled')),
    row_key  TEXT NOT NULL,
    PRIMARY KEY (merge_id, what, row_key)
);
INSERT INTO person_merge_moves_new (merge_id, what, row_key) SELECT merge_id, what, row_key FROM person_merge_moves;
DROP TABLE person_merge_moves;
ALTER TABLE person_merge_moves_new RENAME TO person_merge_moves;
