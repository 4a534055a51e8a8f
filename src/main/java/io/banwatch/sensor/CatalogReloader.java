package io.banwatch.sensor;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.match.CatalogException;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.VendorCatalog;
import io.banwatch.metrics.CatalogMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog in use, and its reload (SIGHUP): the configured catalogs are read and validated again, and only a
 * catalog that loads completely is published, as one new immutable matcher swapped in atomically. Capture threads
 * read the matcher once per observation, so each observation is matched against one catalog, old or new. A reload
 * that fails keeps the last good catalog and logs the file, key path and problem.
 */
public final class CatalogReloader implements CatalogMetrics.Source {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogReloader.class);

    /** One loaded catalog set and when it was loaded. */
    private record Loaded(List<VendorCatalog> catalogs, CatalogMatcher matcher, int rules, long loadedAtMillis) {}

    private final BanwatchConfig.Catalog config;
    private final Clock clock;
    private final AtomicReference<Loaded> current;
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * Loads the configured catalogs.
     *
     * @throws CatalogException naming the file and key path of every problem: at start there is no catalog to keep
     */
    public CatalogReloader(BanwatchConfig.Catalog config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.current = new AtomicReference<>(load());
    }

    private Loaded load() {
        List<VendorCatalog> catalogs = List.copyOf(Catalogs.load(config));
        CatalogMatcher matcher = CatalogMatcher.of(catalogs);
        return new Loaded(catalogs, matcher, matcher.rules().size(), clock.millis());
    }

    /**
     * Reads the catalogs again and publishes them if every one is valid.
     *
     * @return whether the new catalog is in use; false leaves the last good one in place, with the reason logged
     */
    public boolean reload() {
        Loaded next;
        try {
            next = load();
        } catch (CatalogException e) {
            failed.incrementAndGet();
            LOG.warn(
                    "catalog reload failed, keeping the catalog loaded at {} ({} rules): {}",
                    Instant.ofEpochMilli(current.get().loadedAtMillis()),
                    current.get().rules(),
                    e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // A bug in a loader must not take the sensor down on a signal; the running catalog is still good.
            failed.incrementAndGet();
            LOG.error("catalog reload failed, keeping the catalog in use", e);
            return false;
        }
        current.set(next);
        succeeded.incrementAndGet();
        LOG.info(
                "catalog reloaded: {} rules from {} catalogs ({})",
                next.rules(),
                next.catalogs().size(),
                next.catalogs().stream().map(VendorCatalog::id).toList());
        return true;
    }

    /** The matcher in use; read it again for each observation so that a reload takes effect. */
    public CatalogMatcher matcher() {
        return current.get().matcher();
    }

    /** The catalogs in use. */
    public List<VendorCatalog> catalogs() {
        return current.get().catalogs();
    }

    @Override
    public long reloadsSucceeded() {
        return succeeded.get();
    }

    @Override
    public long reloadsFailed() {
        return failed.get();
    }

    @Override
    public long rules() {
        return current.get().rules();
    }

    @Override
    public long loadedAtMillis() {
        return current.get().loadedAtMillis();
    }
}
