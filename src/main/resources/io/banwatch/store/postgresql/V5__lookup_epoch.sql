-- Retention now deletes names no event refers to any more. A writer remembers the numbers of names (and terms) it
-- read or gave; on PostgreSQL other sensors remember them too. Every prune that deletes a name first raises this
-- epoch (its row lock waits for the batches being written, which read the row FOR SHARE, and holds new ones back
-- until the prune commits); every batch reads it, and a writer that sees it changed forgets its numbers, so no
-- event is ever written with the number of a deleted name.
CREATE TABLE lookup_epoch (
    epoch BIGINT NOT NULL
);
INSERT INTO lookup_epoch (epoch) VALUES (0);
