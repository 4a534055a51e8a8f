-- Alerts: one row per alert id, holding its latest revision (an update replaces an older revision, never a newer
-- one). seq is the cursor of a listing: it is given when the alert is first stored and kept by its updates, so pages
-- stay stable while alerts are raised and updated. Times as in events: packet time in microseconds (first_seen,
-- last_seen), the time the row was last written in seconds (stored_at, for retention).
CREATE TABLE alerts (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    revision INTEGER NOT NULL,
    vendor TEXT NOT NULL,
    host TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    phase TEXT NOT NULL,
    protocol TEXT NOT NULL,
    names TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    count INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    observer TEXT NOT NULL,
    stored_at INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX alerts_last_seen ON alerts (last_seen);
CREATE INDEX alerts_host ON alerts (host);
CREATE INDEX alerts_stored_at ON alerts (stored_at);
