package io.banwatch.match;

/**
 * A host or path rule ready for matching: its precomputed {@link Match} for every policy phase, so that a hit
 * allocates nothing either, and its priority among rules that match the same name.
 */
final class CompiledRule {

    final CompiledVendor vendor;
    final String pattern;
    final Category category;
    /** Larger wins: the pattern's specificity, then earlier catalog order. */
    final long priority;

    private final PolicyPhases policy;
    /** matches[phaseIndex + 1]; index 0 is the time before the first phase. */
    private final Match[] matches;

    CompiledRule(
            CompiledVendor vendor, String pattern, Category category, String description, long specificity, int order) {
        this(vendor, pattern, category, description, specificity, order, null, null);
    }

    /** A rule whose matches carry its confidence and what matched ({@link Match#matchedBy}). */
    CompiledRule(
            CompiledVendor vendor,
            String pattern,
            Category category,
            String description,
            long specificity,
            int order,
            Confidence confidence,
            String matchedBy) {
        this.vendor = vendor;
        this.pattern = pattern;
        this.category = category;
        this.priority = (specificity << 32) | (Integer.MAX_VALUE - (long) order);
        this.policy = vendor.catalog.policy();
        int phases = policy.phases().size();
        this.matches = new Match[phases + 1];
        for (int i = -1; i < phases; i++) {
            matches[i + 1] = new Match(
                    vendor.catalog.id(),
                    category,
                    pattern,
                    policy.phaseName(i),
                    policy.severity(i, category),
                    description,
                    confidence,
                    matchedBy);
        }
    }

    Match matchAt(long timestampNanos) {
        return matches[policy.phaseIndexAt(timestampNanos) + 1];
    }

    /** The more specific of two rules; either may be null. */
    static CompiledRule better(CompiledRule a, CompiledRule b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.priority > a.priority ? b : a;
    }
}
