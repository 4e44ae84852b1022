-- Indexes for finding candidate duplicates among many people (measured
-- by bench/matching_bench.c on a million).
--
-- The index of merged records holds only merged records. As a full index
-- on merged_into, SQLite took it for a selective way to find unmerged
-- people ("merged_into IS NULL") and read every person through it: one
-- person's candidates among a million took about a second instead of a
-- few milliseconds. Partial, it still serves "merged into this record"
-- and is never chosen for the unmerged.
DROP INDEX people_merged_into;
CREATE INDEX people_merged_into ON people (merged_into) WHERE merged_into IS NOT NULL;

-- The people sharing a key are read from the key index alone, without a
-- visit to the table for each.
DROP INDEX person_match_keys_key;
CREATE INDEX person_match_keys_key ON person_match_keys (match_key, person_id);
