package io.banwatch.store;

/**
 * One stored event as queries return it: its cursor id, the columns people read in a table, and the event JSON.
 */
public record EventRecord(
        long id,
        long timestampNanos,
        String observer,
        String host,
        String vendor,
        String category,
        String severity,
        String phase,
        String protocol,
        String name,
        String outcome,
        String json) {}
