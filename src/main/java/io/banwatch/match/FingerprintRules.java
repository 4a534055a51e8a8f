package io.banwatch.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The compiled {@code ja4:} rules of a matcher's catalogs, most specific first (whole fingerprints before patterns
 * with a {@code *}), then in catalog order, so the first that fits wins. A site lists a handful of fingerprints, so
 * a scan of a few string regions per rule costs less than hashing would, and allocates nothing.
 */
final class FingerprintRules {

    private final Ja4Pattern[] patterns;
    private final CompiledRule[] rules;

    /**
     * @param minimum rules of lower confidence are left out
     * @param views receives one {@link RuleView} per rule kept, in catalog order
     */
    FingerprintRules(List<CompiledVendor> vendors, Confidence minimum, List<RuleView> views) {
        record Entry(Ja4Pattern pattern, CompiledRule rule, int order) {}
        List<Entry> entries = new ArrayList<>();
        for (CompiledVendor vendor : vendors) {
            for (FingerprintRule rule : vendor.catalog.fingerprints()) {
                if (rule.confidence().compareTo(minimum) < 0) {
                    continue;
                }
                Ja4Pattern pattern = rule.pattern();
                entries.add(new Entry(
                        pattern,
                        new CompiledRule(
                                vendor,
                                pattern.text(),
                                rule.category(),
                                rule.description(),
                                pattern.specificity(),
                                entries.size(),
                                rule.confidence(),
                                Match.BY_JA4),
                        entries.size()));
                views.add(new RuleView(
                        vendor.catalog.id(),
                        RuleView.KIND_JA4,
                        pattern.text(),
                        rule.category(),
                        rule.confidence(),
                        rule.description(),
                        rule.source()));
            }
        }
        entries.sort(
                Comparator.comparingInt((Entry e) -> -e.pattern().specificity()).thenComparingInt(Entry::order));
        this.patterns = entries.stream().map(Entry::pattern).toArray(Ja4Pattern[]::new);
        this.rules = entries.stream().map(Entry::rule).toArray(CompiledRule[]::new);
    }

    /** The rule for the fingerprint {@code ja4}, or null. */
    CompiledRule find(String ja4) {
        if (ja4 == null) {
            return null;
        }
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i].matches(ja4)) {
                return rules[i];
            }
        }
        return null;
    }
}
