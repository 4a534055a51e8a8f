package io.banwatch.match;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The built-in catalogs parsed on a thread of their own while a command reads its options and configuration: parsing
 * the shipped Kaspersky catalog (YAML, validated key by key) took 130 ms of a replay's start on the main thread. The
 * first {@link CatalogLoader#loadBuiltIn} of each takes the result (or parses it then, if the thread has not begun
 * it); later loads, a catalog reload among them, parse again.
 */
public final class BuiltInCatalogs {

    private static final Map<String, FutureTask<VendorCatalog>> AHEAD = new ConcurrentHashMap<>();

    private BuiltInCatalogs() {}

    /** Starts parsing every built-in catalog ({@link CatalogLoader#BUILT_IN}). */
    public static void parseInBackground() {
        for (String vendor : CatalogLoader.BUILT_IN) {
            AHEAD.putIfAbsent(vendor, new FutureTask<>(() -> CatalogLoader.parseBuiltIn(vendor)));
        }
        Thread.ofPlatform()
                .name("banwatch-catalog")
                .daemon()
                .start(() -> AHEAD.values().forEach(FutureTask::run));
    }

    /**
     * The catalog of {@code vendorId} parsed ahead, once; null when none was started for it.
     *
     * @throws CatalogException as parsing threw it
     */
    static VendorCatalog take(String vendorId) {
        FutureTask<VendorCatalog> task = vendorId == null ? null : AHEAD.remove(vendorId);
        if (task == null) {
            return null;
        }
        task.run(); // parses here if the thread has not got to it; returns at once if it has
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the other thread finishes within milliseconds; the interrupt is kept
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new CatalogException(vendorId + ".yaml: " + e.getCause().getMessage(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
