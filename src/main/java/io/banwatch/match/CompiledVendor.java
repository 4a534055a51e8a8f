package io.banwatch.match;

import java.util.List;

/** One catalog inside a matcher, with its HTTP path rules compiled. */
final class CompiledVendor {

    final VendorCatalog catalog;
    private final CompiledRule[] pathRules;
    private final PathPattern[] pathPatterns;

    /** @param firstOrder the catalog-order position of the first path rule, for deterministic ties */
    CompiledVendor(VendorCatalog catalog, int firstOrder) {
        this.catalog = catalog;
        List<PathRule> rules = catalog.httpPaths();
        this.pathRules = new CompiledRule[rules.size()];
        this.pathPatterns = new PathPattern[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            PathRule rule = rules.get(i);
            pathPatterns[i] = rule.pattern();
            pathRules[i] = new CompiledRule(
                    this, rule.pattern().text(), rule.category(), rule.description(), 0, firstOrder + i);
        }
    }

    /** The first path rule, in catalog order, that matches {@code path}; null when none does. */
    CompiledRule matchPath(String path) {
        for (int i = 0; i < pathPatterns.length; i++) {
            if (pathPatterns[i].matches(path)) {
                return pathRules[i];
            }
        }
        return null;
    }
}
