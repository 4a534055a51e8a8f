-- The host inventory's cursor: seq is given when a row is first written and kept by its updates (an upsert, no
-- longer a replace), so pages of the inventory, newest row first, stay stable while hosts are added and updated.
ALTER TABLE hosts ADD COLUMN seq INTEGER;
UPDATE hosts SET seq = rowid;
CREATE UNIQUE INDEX hosts_seq ON hosts (seq);
