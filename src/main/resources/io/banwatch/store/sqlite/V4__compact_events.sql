-- A compact event row (measured with bench/store.sh: the text columns and their four indexes took most of the file,
-- and writing them most of the time). Every label, host, address and sensor name an event repeats is stored once in
-- terms and referred to by its number; names, with their reversed form for suffix searches, once in names. The view
-- event_rows joins them back, so the report's queries read the columns they read before; the writer and the event
-- listing use the numbers. Neither table is pruned by retention: they hold what the sensor has seen, not events.
CREATE TABLE terms (
    id INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE
);
CREATE TABLE names (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    rname TEXT NOT NULL
);
-- Names reversed, so that a suffix filter (--name kaspersky.com) is a prefix range on this small index.
CREATE INDEX names_rname ON names (rname);
INSERT INTO terms (term)
SELECT term FROM (
    SELECT observer AS term FROM events UNION SELECT host FROM events UNION SELECT vendor FROM events
    UNION SELECT category FROM events UNION SELECT rule FROM events UNION SELECT phase FROM events
    UNION SELECT severity FROM events UNION SELECT protocol FROM events UNION SELECT src_ip FROM events
    UNION SELECT dst_ip FROM events UNION SELECT outcome FROM events UNION SELECT outcome_reason FROM events
) AS used WHERE term IS NOT NULL ORDER BY term;
INSERT INTO names (name, rname)
SELECT name, min(rname) FROM events WHERE name IS NOT NULL GROUP BY name ORDER BY name;
-- Times as before: packet time in microseconds (ts), the time the row was written in seconds (stored_at). Retention
-- deletes in id order (rows are written in stored_at order), so stored_at needs no index of its own.
CREATE TABLE events_v4 (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    stored_at INTEGER NOT NULL,
    observer_id INTEGER NOT NULL,
    host_id INTEGER NOT NULL,
    vendor_id INTEGER,
    category_id INTEGER,
    rule_id INTEGER,
    phase_id INTEGER,
    severity_id INTEGER,
    protocol_id INTEGER NOT NULL,
    name_id INTEGER,
    src_ip_id INTEGER NOT NULL,
    src_port INTEGER NOT NULL,
    dst_ip_id INTEGER NOT NULL,
    dst_port INTEGER NOT NULL,
    outcome_id INTEGER,
    outcome_reason_id INTEGER,
    dst_bytes INTEGER,
    json BLOB NOT NULL
);
INSERT INTO events_v4 (id, ts, stored_at, observer_id, host_id, vendor_id, category_id, rule_id, phase_id,
    severity_id, protocol_id, name_id, src_ip_id, src_port, dst_ip_id, dst_port, outcome_id, outcome_reason_id,
    dst_bytes, json)
SELECT e.id, e.ts, e.stored_at,
    (SELECT t.id FROM terms t WHERE t.term = e.observer), (SELECT t.id FROM terms t WHERE t.term = e.host),
    (SELECT t.id FROM terms t WHERE t.term = e.vendor), (SELECT t.id FROM terms t WHERE t.term = e.category),
    (SELECT t.id FROM terms t WHERE t.term = e.rule), (SELECT t.id FROM terms t WHERE t.term = e.phase),
    (SELECT t.id FROM terms t WHERE t.term = e.severity), (SELECT t.id FROM terms t WHERE t.term = e.protocol),
    (SELECT n.id FROM names n WHERE n.name = e.name), (SELECT t.id FROM terms t WHERE t.term = e.src_ip),
    e.src_port, (SELECT t.id FROM terms t WHERE t.term = e.dst_ip), e.dst_port,
    (SELECT t.id FROM terms t WHERE t.term = e.outcome), (SELECT t.id FROM terms t WHERE t.term = e.outcome_reason),
    e.dst_bytes, e.json
FROM events e ORDER BY e.id;
DROP TABLE events;
ALTER TABLE events_v4 RENAME TO events;
-- Packet time with the name: a name filter within a time range reads these entries, not the rows.
CREATE INDEX events_ts ON events (ts, name_id);
-- One host's events in id order: the newest page of a host is the end of its range, no sort.
CREATE INDEX events_host ON events (host_id);
CREATE INDEX events_name ON events (name_id);
-- The row with its text, for queries that group or list by label (the report).
CREATE VIEW event_rows AS
SELECT e.id, e.ts, e.stored_at, e.host_id, e.name_id, e.vendor_id, e.category_id, e.phase_id, e.protocol_id,
    e.outcome_id, j_observer.term AS observer, j_host.term AS host, j_vendor.term AS vendor, j_category.term AS category,
    j_rule.term AS rule, j_phase.term AS phase, j_severity.term AS severity, j_protocol.term AS protocol, j_name.name AS name,
    j_src_ip.term AS src_ip, e.src_port, j_dst_ip.term AS dst_ip, e.dst_port, j_outcome.term AS outcome,
    j_outcome_reason.term AS outcome_reason, e.dst_bytes, e.json
FROM events e
LEFT JOIN terms j_observer ON j_observer.id = e.observer_id
LEFT JOIN terms j_host ON j_host.id = e.host_id
LEFT JOIN terms j_vendor ON j_vendor.id = e.vendor_id
LEFT JOIN terms j_category ON j_category.id = e.category_id
LEFT JOIN terms j_rule ON j_rule.id = e.rule_id
LEFT JOIN terms j_phase ON j_phase.id = e.phase_id
LEFT JOIN terms j_severity ON j_severity.id = e.severity_id
LEFT JOIN terms j_protocol ON j_protocol.id = e.protocol_id
LEFT JOIN names j_name ON j_name.id = e.name_id
LEFT JOIN terms j_src_ip ON j_src_ip.id = e.src_ip_id
LEFT JOIN terms j_dst_ip ON j_dst_ip.id = e.dst_ip_id
LEFT JOIN terms j_outcome ON j_outcome.id = e.outcome_id
LEFT JOIN terms j_outcome_reason ON j_outcome_reason.id = e.outcome_reason_id;
-- Every inventory update moved its last_seen entry here; the listing walks seq, and a time filter reads the rows.
DROP INDEX hosts_last_seen;
