package io.banwatch.sensor;

import io.banwatch.config.BanwatchConfig;
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
            catalogs.add(CatalogLoader.loadBuiltIn(vendor));
        }
        for (String file : config.files()) {
            catalogs.add(CatalogLoader.load(Path.of(file)));
        }
        return catalogs;
    }

    public static CatalogMatcher matcher(BanwatchConfig.Catalog config) {
        return CatalogMatcher.of(load(config));
    }
}
