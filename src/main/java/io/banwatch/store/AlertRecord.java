package io.banwatch.store;

import java.util.List;

/**
 * One stored alert as queries return it: its cursor, the columns people read in a table, and the notification JSON of
 * its latest revision.
 *
 * @param seq the listing cursor: kept over the alert's revisions
 */
public record AlertRecord(
        long seq,
        String id,
        int revision,
        String vendor,
        String host,
        String category,
        String severity,
        String phase,
        String protocol,
        List<String> names,
        long firstSeenNanos,
        long lastSeenNanos,
        long count,
        String outcome,
        String reason,
        String observer,
        String json) {}
