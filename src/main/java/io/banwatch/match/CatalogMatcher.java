package io.banwatch.match;

import io.banwatch.inspect.DnsAnswers;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Matches observed names against one or more vendor catalogs. Immutable once built, so one instance can be published
 * through a volatile field or {@code AtomicReference} and shared by every capture thread; a miss allocates nothing.
 */
public final class CatalogMatcher {

    private static final CatalogMatcher EMPTY = of(List.of());

    private final List<VendorCatalog> catalogs;
    private final List<RuleView> rules;
    private final LabelTrie trie;
    private final FlowRules flowRules;
    private final FingerprintRules fingerprints;

    private CatalogMatcher(
            List<VendorCatalog> catalogs,
            List<RuleView> rules,
            LabelTrie trie,
            FlowRules flowRules,
            FingerprintRules fingerprints) {
        this.catalogs = catalogs;
        this.rules = rules;
        this.trie = trie;
        this.flowRules = flowRules;
        this.fingerprints = fingerprints;
    }

    /** A matcher that matches nothing. */
    public static CatalogMatcher empty() {
        return EMPTY;
    }

    /** A matcher over every entry of {@code catalogs}; on equally specific rules the earlier catalog wins. */
    public static CatalogMatcher of(List<VendorCatalog> catalogs) {
        return of(catalogs, Confidence.LOW);
    }

    /**
     * A matcher over the host and fingerprint entries of {@code catalogs} whose confidence is at least
     * {@code minimum}.
     */
    public static CatalogMatcher of(List<VendorCatalog> catalogs, Confidence minimum) {
        Set<String> vendorIds = new HashSet<>();
        List<RuleView> views = new ArrayList<>();
        LabelTrie.Builder trie = new LabelTrie.Builder();
        List<CompiledVendor> vendors = new ArrayList<>();
        int order = 0;
        for (VendorCatalog catalog : catalogs) {
            if (!vendorIds.add(catalog.id())) {
                throw new IllegalArgumentException("vendor \"" + catalog.id() + "\" is loaded twice");
            }
            // Rules come before domains in the order, so a rule repeating a domain's name takes precedence.
            CompiledVendor vendor = new CompiledVendor(catalog, order);
            vendors.add(vendor);
            order += catalog.httpPaths().size();
            for (HostRule rule : catalog.rules()) {
                order = add(trie, views, vendor, rule, minimum, order);
            }
            for (HostRule domain : catalog.domains()) {
                order = add(trie, views, vendor, domain, minimum, order);
            }
            for (PathRule path : catalog.httpPaths()) {
                views.add(new RuleView(
                        catalog.id(),
                        RuleView.KIND_HTTP_PATH,
                        path.pattern().text(),
                        path.category(),
                        null,
                        path.description(),
                        path.source()));
            }
        }
        FlowRules flowRules = new FlowRules(vendors, views);
        FingerprintRules fingerprints = new FingerprintRules(vendors, minimum, views);
        return new CatalogMatcher(List.copyOf(catalogs), List.copyOf(views), trie.build(), flowRules, fingerprints);
    }

    private static int add(
            LabelTrie.Builder trie,
            List<RuleView> views,
            CompiledVendor vendor,
            HostRule rule,
            Confidence minimum,
            int order) {
        if (rule.confidence().compareTo(minimum) < 0) {
            return order;
        }
        HostPattern pattern = rule.pattern();
        trie.add(
                pattern,
                new CompiledRule(
                        vendor, pattern.text(), rule.category(), rule.description(), pattern.specificity(), order));
        views.add(new RuleView(
                vendor.catalog.id(),
                rule.registrableDomain() ? RuleView.KIND_DOMAIN : RuleView.KIND_RULE,
                pattern.text(),
                rule.category(),
                rule.confidence(),
                rule.description(),
                rule.source()));
        return order + 1;
    }

    /** The catalogs this matcher was built from, in precedence order. */
    public List<VendorCatalog> catalogs() {
        return catalogs;
    }

    /**
     * Every entry in use, in catalog order: rules, then domains, then HTTP paths of each catalog, then the signatures
     * and ports of each catalog, then the {@code ja4:} rules of each catalog.
     */
    public List<RuleView> rules() {
        return rules;
    }

    /**
     * The most specific rule matching {@code normalizedName} (as returned by {@link Hostnames#normalize}), with the
     * vendor's phase and severity at {@code timestampNanos}; null when nothing matches.
     */
    public Match matchHost(String normalizedName, long timestampNanos) {
        CompiledRule rule = trie.find(normalizedName);
        return rule == null ? null : rule.matchAt(timestampNanos);
    }

    /**
     * Matches an observation's name. For HTTP, a request path that fits one of the vendor's {@code http_paths}
     * replaces a {@code web} host match (the path says more about the service than a portal or bare-domain rule);
     * paths are never matched on hosts outside the vendor's catalog, which keeps {@code *.dif} on other sites out.
     * For a DNS answer whose question does not match, the CNAME targets are matched, the most specific winning. A
     * {@code ksc} observation is matched by its service port first (the name, when one was attributed, is only the
     * server's). A TLS or QUIC ClientHello whose name matches nothing (ECH's public name, an IP literal, no name, a
     * name behind a proxy) is matched by its JA4 fingerprint; an observation of a protocol with a {@code signatures}
     * entry falls back to it when its name matches nothing.
     */
    public Match match(Observation observation) {
        if (observation == null) {
            return null;
        }
        if (observation.protocol() == Protocol.KSC) {
            CompiledRule byPort = flowRules.port(
                    observation.transport(), observation.destination().port());
            if (byPort != null) {
                return byPort.matchAt(observation.timestampNanos());
            }
        }
        CompiledRule rule = trie.find(observation.name());
        if (rule != null && rule.category == Category.WEB && observation.protocol() == Protocol.HTTP) {
            String path = observation.urlPath();
            CompiledRule byPath = path == null ? null : rule.vendor.matchPath(path);
            rule = byPath == null ? rule : byPath;
        }
        if (rule == null && observation.protocol() == Protocol.DNS && observation.dns() != null) {
            rule = matchCnameTargets(observation.dns().answers());
        }
        if (rule == null && (observation.protocol() == Protocol.TLS || observation.protocol() == Protocol.QUIC)) {
            rule = fingerprints.find(observation.ja4());
        }
        if (rule == null) {
            rule = flowRules.signature(observation.protocol());
        }
        return rule == null ? null : rule.matchAt(observation.timestampNanos());
    }

    /** The {@code ja4:} rule that fits the fingerprint {@code ja4}, at {@code timestampNanos}; null when none does. */
    public Match matchFingerprint(String ja4, long timestampNanos) {
        CompiledRule rule = fingerprints.find(ja4);
        return rule == null ? null : rule.matchAt(timestampNanos);
    }

    private CompiledRule matchCnameTargets(List<DnsRecord> answers) {
        CompiledRule best = null;
        if (answers == null) {
            return null;
        }
        for (int i = 0; i < answers.size(); i++) { // indexed: no iterator on the per-packet path
            if (DnsAnswers.typeOf(answers, i) == DnsRecord.CNAME) { // packed answers make no record to ask this
                best = CompiledRule.better(best, trie.find(DnsAnswers.targetOf(answers, i)));
            }
        }
        return best;
    }

    /**
     * One line for {@code banwatch catalog match NAME}: {@code NAME<TAB>VENDOR<TAB>CATEGORY<TAB>RULE}, or
     * {@code NAME<TAB>-} when no rule matches or the name is not a valid host name. A whole JA4 fingerprint (with or
     * without {@code ja4:}) is matched against the {@code ja4:} rules instead.
     */
    public String describeMatch(String name) {
        CompiledRule rule;
        if (Ja4Pattern.isFingerprint(name)) {
            rule = fingerprints.find(Ja4Pattern.isJa4(name) ? name.substring(Ja4Pattern.PREFIX.length()) : name);
        } else {
            rule = trie.find(Hostnames.normalize(name));
        }
        if (rule == null) {
            return name + "\t-";
        }
        return name + "\t" + rule.vendor.catalog.id() + "\t" + rule.category.label() + "\t" + rule.pattern;
    }
}
