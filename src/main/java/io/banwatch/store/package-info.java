/**
 * The record staff query months later: matched events, their outcomes and a host inventory kept current, in one
 * SQLite file (WAL mode) written in batches on a thread of its own, never on a capture thread or the pipeline's
 * event loop. The schema is versioned by ordered migration scripts; rows older than the retention are deleted.
 */
package io.banwatch.store;
