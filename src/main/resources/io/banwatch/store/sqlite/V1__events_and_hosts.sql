-- Events: one row per matched contact and per outcome. Packet time in microseconds since the epoch (ts), the time
-- the row was written in seconds (stored_at, for retention: a replay of last year's capture is kept as long as a
-- live event). The event JSON holds every field, compressed (JsonCodec: raw DEFLATE with a preset dictionary); the
-- columns are what queries filter on.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    stored_at INTEGER NOT NULL,
    observer TEXT NOT NULL,
    host TEXT NOT NULL,
    vendor TEXT,
    category TEXT,
    rule TEXT,
    phase TEXT,
    severity TEXT,
    protocol TEXT NOT NULL,
    name TEXT,
    rname TEXT,
    src_ip TEXT NOT NULL,
    src_port INTEGER NOT NULL,
    dst_ip TEXT NOT NULL,
    dst_port INTEGER NOT NULL,
    outcome TEXT,
    outcome_reason TEXT,
    dst_bytes INTEGER,
    json BLOB NOT NULL
);
CREATE INDEX events_ts ON events (ts);
CREATE INDEX events_host_ts ON events (host, ts);
-- Names reversed, so that a suffix filter (--name kaspersky.com) is a prefix range on an index.
CREATE INDEX events_rname ON events (rname);
CREATE INDEX events_stored_at ON events (stored_at);

-- The host inventory, kept current as events are written: per vendor and host, what was reached and when.
CREATE TABLE hosts (
    vendor TEXT NOT NULL,
    host TEXT NOT NULL,
    observer TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    contacts INTEGER NOT NULL,
    contacts_after_ban INTEGER NOT NULL,
    categories TEXT NOT NULL,
    names TEXT NOT NULL,
    worst_severity TEXT NOT NULL,
    worst_outcome TEXT NOT NULL,
    first_phase TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (vendor, host)
);
CREATE INDEX hosts_last_seen ON hosts (last_seen);
