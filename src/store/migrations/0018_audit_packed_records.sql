-- The records an event released among many (a network view lists several
-- hundred) are kept with the event itself, in records, one "\ntype id" a
-- record, instead of a row each in audit_event_records: a view's audit
-- event is then one row to write, not hundreds. Events written before this
-- migration keep their rows there; both are covered by the event's hash
-- through records_digest, and both are read by `cshub audit verify`, the
-- index of records released and "who has looked at this young person".
ALTER TABLE audit_events ADD COLUMN records TEXT;
