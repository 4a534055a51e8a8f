package io.banwatch.sensor;

import io.banwatch.alert.PhaseStarts;
import io.banwatch.config.BanwatchConfig;
import io.banwatch.match.CatalogException;
import io.banwatch.match.CatalogLoader;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.Phase;
import io.banwatch.match.VendorCatalog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads the vendor catalogs a configuration names. */
public final class Catalogs {

    private Catalogs() {}

    /**
     * The built-in catalogs, then the files, in the configured order.
     *
     * @throws io.banwatch.match.CatalogException naming the file and key path of every problem
     */
    public static List<VendorCatalog> load(BanwatchConfig.Catalog config) {
        List<VendorCatalog> catalogs = new ArrayList<>();
        for (String vendor : config.builtin()) {
            try {
                catalogs.add(CatalogLoader.loadBuiltIn(vendor));
            } catch (CatalogException e) {
                throw new CatalogException("catalog.builtin: " + e.getMessage(), e);
            }
        }
        for (String file : config.files()) {
            try {
                catalogs.add(CatalogLoader.load(Path.of(file)));
            } catch (CatalogException e) {
                throw new CatalogException("catalog.files: " + e.getMessage(), e);
            }
        }
        return catalogs;
    }

    public static CatalogMatcher matcher(BanwatchConfig.Catalog config) {
        return CatalogMatcher.of(load(config));
    }

    /** When each vendor's phases began, for alert messages ("3 days after updates were banned"). */
    public static PhaseStarts phaseStarts(List<VendorCatalog> catalogs) {
        Map<String, Map<String, Instant>> starts = new HashMap<>();
        for (VendorCatalog catalog : catalogs) {
            Map<String, Instant> phases = new HashMap<>();
            for (Phase phase : catalog.policy().phases()) {
                phases.put(phase.name(), io.banwatch.event.Timestamps.toInstant(phase.startNanos()));
            }
            starts.put(catalog.id(), phases);
        }
        return PhaseStarts.of(starts);
    }
}
