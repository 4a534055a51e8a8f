package io.banwatch.store;

import java.util.List;

/**
 * One row of the host inventory: a host's contacts with one vendor, kept current as events are written.
 *
 * @param firstSeenNanos packet time of the first contact
 * @param contactsAfterBan contacts while the vendor's updates were banned
 * @param firstPhase the policy phase at the first contact
 * @param seq the row's number in the inventory, given when it was first written and kept by its updates: the cursor
 *     of the hosts listing; 0 for a row not read from the store
 */
public record HostRecord(
        String vendor,
        String host,
        String observer,
        long firstSeenNanos,
        long lastSeenNanos,
        long contacts,
        long contactsAfterBan,
        List<String> categories,
        List<String> names,
        String worstSeverity,
        String worstOutcome,
        String firstPhase,
        long seq) {}
