-- Which events each host and each name has, beside the events table instead of the indexes events_host and
-- events_name (see the SQLite script of this version for why). Ids fall in chunks of 32,768; a row holds the ids one
-- batch wrote for one host (name) within one chunk, as their offsets in the chunk, two bytes each, big-endian
-- (EventPostings). Rows of several sensors' batches in one chunk are rows of their own: a writer only inserts.
CREATE TABLE host_postings (
    chunk BIGINT NOT NULL,
    host_id BIGINT NOT NULL,
    first_id BIGINT NOT NULL,
    ids BYTEA NOT NULL,
    PRIMARY KEY (chunk, host_id, first_id)
);
CREATE TABLE name_postings (
    chunk BIGINT NOT NULL,
    name_id BIGINT NOT NULL,
    first_id BIGINT NOT NULL,
    ids BYTEA NOT NULL,
    PRIMARY KEY (chunk, name_id, first_id)
);
INSERT INTO host_postings (chunk, host_id, first_id, ids)
SELECT id >> 15, host_id, min(id), string_agg(int2send((id & 32767)::int2), ''::bytea ORDER BY id)
FROM events GROUP BY id >> 15, host_id ORDER BY 1, 2;
INSERT INTO name_postings (chunk, name_id, first_id, ids)
SELECT id >> 15, name_id, min(id), string_agg(int2send((id & 32767)::int2), ''::bytea ORDER BY id)
FROM events WHERE name_id IS NOT NULL GROUP BY id >> 15, name_id ORDER BY 1, 2;
DROP INDEX events_host;
DROP INDEX events_name;
