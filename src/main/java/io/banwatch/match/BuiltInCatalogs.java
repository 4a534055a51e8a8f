package io.banwatch.match;

import io.banwatch.concurrent.StartedAhead;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in catalogs parsed on a thread of their own while a command reads its options and configuration: parsing
 * the shipped Kaspersky catalog (YAML, validated key by key) took 130 ms of a replay's start on the main thread. The
 * first {@link CatalogLoader#loadBuiltIn} of each takes the result (or parses it then, if the thread has not begun
 * it); later loads, a catalog reload among them, parse again.
 */
public final class BuiltInCatalogs {

    private static final Map<String, StartedAhead<VendorCatalog>> AHEAD = new ConcurrentHashMap<>();

    private BuiltInCatalogs() {}

    /** Starts parsing every built-in catalog ({@link CatalogLoader#BUILT_IN}). */
    public static void parseInBackground() {
        for (String vendor : CatalogLoader.BUILT_IN) {
            AHEAD.putIfAbsent(vendor, StartedAhead.of(() -> CatalogLoader.parseBuiltIn(vendor)));
        }
        Thread.ofPlatform()
                .name("banwatch-catalog")
                .daemon()
                .start(() -> AHEAD.values().forEach(StartedAhead::run));
    }

    /**
     * The catalog of {@code vendorId} parsed ahead, once; null when none was started for it.
     *
     * @throws CatalogException as parsing threw it
     */
    static VendorCatalog take(String vendorId) {
        StartedAhead<VendorCatalog> ahead = vendorId == null ? null : AHEAD.remove(vendorId);
        return ahead == null ? null : ahead.join();
    }
}
