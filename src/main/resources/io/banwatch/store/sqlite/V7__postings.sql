-- Which events each host and each name has, beside the events table instead of the indexes events_host and
-- events_name. Each of those got an entry per event at its host's (name's) place in the index, so a batch changed a
-- page per host: with thousands of hosts and millions of events those pages no longer fit the page cache, and
-- reading and writing them set the ingest rate (bench/store.sh: 48,000 events/s on a store of 10 M events). Here ids
-- fall in chunks of 32,768, and a row holds the ids one batch wrote for one host (name) within one chunk, as their
-- offsets in the chunk, two bytes each, big-endian (EventPostings). The key starts with the chunk, so a batch adds
-- its rows at the end of the table; a host's events are found by one look-up per chunk, newest chunk first.
CREATE TABLE host_postings (
    chunk INTEGER NOT NULL,
    host_id INTEGER NOT NULL,
    first_id INTEGER NOT NULL,
    ids BLOB NOT NULL,
    PRIMARY KEY (chunk, host_id, first_id)
) WITHOUT ROWID;
CREATE TABLE name_postings (
    chunk INTEGER NOT NULL,
    name_id INTEGER NOT NULL,
    first_id INTEGER NOT NULL,
    ids BLOB NOT NULL,
    PRIMARY KEY (chunk, name_id, first_id)
) WITHOUT ROWID;
INSERT INTO host_postings (chunk, host_id, first_id, ids)
SELECT id >> 15, host_id, min(id), unhex(group_concat(printf('%04X', id & 32767), '' ORDER BY id))
FROM events GROUP BY id >> 15, host_id ORDER BY 1, 2;
INSERT INTO name_postings (chunk, name_id, first_id, ids)
SELECT id >> 15, name_id, min(id), unhex(group_concat(printf('%04X', id & 32767), '' ORDER BY id))
FROM events WHERE name_id IS NOT NULL GROUP BY id >> 15, name_id ORDER BY 1, 2;
DROP INDEX events_host;
DROP INDEX events_name;
