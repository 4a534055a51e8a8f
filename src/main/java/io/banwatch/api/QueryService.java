package io.banwatch.api;

import io.banwatch.match.Category;
import io.banwatch.match.RuleView;
import io.banwatch.store.AlertRecord;
import io.banwatch.store.EventFilter;
import io.banwatch.store.EventRecord;
import io.banwatch.store.EventStore;
import io.banwatch.store.HostRecord;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the API answers, without HTTP: pages of events, hosts and alerts from the store, and the loaded catalogs'
 * rules. Events and alerts come newest first; the next page's cursor is the id of a page's last row, so a page asked
 * for with it continues exactly after that row even while new rows arrive (they get larger ids).
 */
public final class QueryService {

    /** The store is off ({@code store.enabled: false} or {@code --no-store}): nothing to query. */
    public static final class StoreOffException extends RuntimeException {
        StoreOffException() {
            super("this sensor keeps no event store (store.enabled is false, or it was started with --no-store)");
        }
    }

    /**
     * One page of rows.
     *
     * @param nextCursor the cursor of the next page, or null when this page is the last
     */
    public record Page<T>(List<T> items, Long nextCursor) {}

    private final EventStore store;
    private final Supplier<List<RuleView>> rules;

    /** @param store the sensor's store, or null when it keeps none */
    public QueryService(EventStore store, Supplier<List<RuleView>> rules) {
        this.store = store;
        this.rules = rules;
    }

    public Page<EventRecord> events(EventFilter filter) throws SQLException {
        List<EventRecord> rows = store().read(q -> q.events(filter));
        return new Page<>(rows, rows.size() == filter.limit() ? rows.getLast().id() : null);
    }

    /** One page of the host inventory; the next page's cursor is the {@code seq} of this page's last row. */
    public Page<HostRecord> hosts(EventFilter filter) throws SQLException {
        List<HostRecord> rows = store().read(q -> q.hosts(filter));
        return new Page<>(rows, rows.size() == filter.limit() ? rows.getLast().seq() : null);
    }

    public Page<AlertRecord> alerts(EventFilter filter) throws SQLException {
        List<AlertRecord> rows = store().readAlerts(q -> q.alerts(filter));
        return new Page<>(rows, rows.size() == filter.limit() ? rows.getLast().seq() : null);
    }

    /** The loaded catalogs' rules, optionally of one vendor and one category. */
    public List<RuleView> catalog(String vendor, Category category) {
        return rules.get().stream()
                .filter(r -> vendor == null || r.vendor().equals(vendor))
                .filter(r -> category == null || r.category() == category)
                .toList();
    }

    private EventStore store() {
        if (store == null) {
            throw new StoreOffException();
        }
        return store;
    }
}
