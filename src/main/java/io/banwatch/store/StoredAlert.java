package io.banwatch.store;

import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertJson;

/**
 * One row of the alerts table: an alert at one revision, with the fields people filter on as columns and the whole
 * notification JSON (as the webhook and the log receive it) for the rest.
 *
 * @param names the names contacted, comma-separated
 * @param protocol the protocol of the alert's latest event
 */
public record StoredAlert(
        String id,
        int revision,
        String vendor,
        String host,
        String category,
        String severity,
        String phase,
        String protocol,
        String names,
        long firstSeenNanos,
        long lastSeenNanos,
        long count,
        String outcome,
        String reason,
        String observer,
        String json)
        implements StoreRow {

    public static StoredAlert of(Alert alert, String observer) {
        return new StoredAlert(
                alert.id(),
                alert.revision(),
                alert.vendor(),
                alert.host(),
                alert.category().label(),
                alert.severity().label(),
                alert.phase(),
                alert.event().observation().protocol().label(),
                String.join(",", alert.names()),
                alert.firstSeenNanos(),
                alert.lastSeenNanos(),
                alert.count(),
                alert.outcome().label(),
                alert.reason().label(),
                observer,
                AlertJson.toJson(alert));
    }
}
