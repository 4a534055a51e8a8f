package io.banwatch.sensor;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.match.CatalogException;
import io.banwatch.match.CatalogLoader;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.VendorCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
