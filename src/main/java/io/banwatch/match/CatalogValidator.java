package io.banwatch.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks a {@link CatalogFile} and builds the {@link VendorCatalog}; every problem is reported with its key path. */
final class CatalogValidator {

    private static final String CONFIDENCES =
            Arrays.stream(Confidence.values()).map(Confidence::label).collect(Collectors.joining(", "));
    private static final String DOMAIN_DESCRIPTION =
            "Registrable domain of the vendor; names below it without a more specific rule";

    private final KeyPathErrors errors;

    private CatalogValidator(KeyPathErrors errors) {
        this.errors = errors;
    }

    /** Validates {@code file}, read from {@code origin}; throws one {@link CatalogException} listing every problem. */
    static VendorCatalog validate(String origin, CatalogFile file) {
        KeyPathErrors errors = new KeyPathErrors(origin);
        CatalogValidator v = new CatalogValidator(errors);
        String vendor = errors.identifier("vendor", file.vendor());
        String displayName = errors.required("display_name", file.displayName());
        List<String> references = v.references(file.references());
        PolicyPhases policy = PolicyValidator.validate(errors, file.phases(), file.severities(), file.alerts());
        List<HostRule> domains = v.domains(file.domains());
        List<HostRule> rules = new ArrayList<>();
        List<FingerprintRule> fingerprints = new ArrayList<>();
        v.rules(file.rules(), rules, fingerprints);
        List<PathRule> paths = v.paths(file.httpPaths());
        List<SignatureRule> signatures = NamelessRuleValidator.signatures(errors, file.signatures());
        List<PortRule> ports = NamelessRuleValidator.ports(errors, file.ports());
        errors.throwIfAny();
        return new VendorCatalog(
                vendor,
                displayName,
                references,
                policy,
                domains,
                rules,
                paths,
                signatures,
                ports,
                fingerprints,
                origin);
    }

    private List<String> references(List<String> raw) {
        List<String> references = new ArrayList<>();
        List<String> entries = errors.list("references", raw, false);
        for (int i = 0; i < entries.size(); i++) {
            String reference = errors.required("references[" + i + "]", entries.get(i));
            if (reference != null) {
                references.add(reference);
            }
        }
        return references;
    }

    private List<HostRule> domains(List<CatalogFile.DomainEntry> raw) {
        List<HostRule> domains = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        List<CatalogFile.DomainEntry> entries = errors.list("domains", raw, false);
        for (int i = 0; i < entries.size(); i++) {
            String at = "domains[" + i + "]";
            CatalogFile.DomainEntry entry = entries.get(i);
            if (entry == null) {
                errors.error(at, "missing");
                continue;
            }
            HostPattern pattern = hostPattern(at + ".domain", entry.domain(), seen, at);
            if (pattern != null && (pattern.exact() || LabelGlob.isGlob(entry.domain()))) {
                errors.error(
                        at + ".domain",
                        KeyPathErrors.quote(entry.domain()) + " must be a plain domain name, without '=' or globs");
            }
            Confidence confidence = confidence(at + ".confidence", entry.confidence(), true);
            String source = errors.required(at + ".source", entry.source());
            String description = entry.description() == null
                    ? DOMAIN_DESCRIPTION
                    : entry.description().strip();
            if (pattern != null && confidence != null && source != null) {
                domains.add(new HostRule(pattern, Category.WEB, description, source, confidence, true));
            }
        }
        return domains;
    }

    /** Host rules go to {@code rules}, {@code ja4:} patterns to {@code fingerprints}. */
    private void rules(List<CatalogFile.RuleEntry> raw, List<HostRule> rules, List<FingerprintRule> fingerprints) {
        Map<String, String> seen = new HashMap<>();
        List<CatalogFile.RuleEntry> entries = errors.list("rules", raw, false);
        for (int i = 0; i < entries.size(); i++) {
            String at = "rules[" + i + "]";
            CatalogFile.RuleEntry entry = entries.get(i);
            if (entry == null) {
                errors.error(at, "missing");
                continue;
            }
            boolean fingerprint = Ja4Pattern.isJa4(entry.pattern());
            HostPattern pattern = fingerprint ? null : hostPattern(at + ".pattern", entry.pattern(), seen, at);
            Ja4Pattern ja4 = fingerprint ? ja4Pattern(at + ".pattern", entry.pattern(), seen, at) : null;
            Category category = errors.category(at + ".category", entry.category());
            String description = errors.required(at + ".description", entry.description());
            String source = errors.required(at + ".source", entry.source());
            Confidence confidence = confidence(at + ".confidence", entry.confidence(), false);
            if (category == null || description == null || source == null) {
                continue;
            }
            Confidence stated = confidence == null ? Confidence.HIGH : confidence;
            if (pattern != null) {
                rules.add(new HostRule(pattern, category, description, source, stated, false));
            } else if (ja4 != null) {
                fingerprints.add(new FingerprintRule(ja4, category, description, source, stated));
            }
        }
    }

    private Ja4Pattern ja4Pattern(String path, String value, Map<String, String> seen, String entryPath) {
        try {
            Ja4Pattern pattern = Ja4Pattern.compile(value.strip());
            duplicate(path, value.strip(), pattern.text(), seen, entryPath);
            return pattern;
        } catch (IllegalArgumentException e) {
            errors.error(path, e.getMessage());
            return null;
        }
    }

    private List<PathRule> paths(List<CatalogFile.PathEntry> raw) {
        List<PathRule> paths = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        List<CatalogFile.PathEntry> entries = errors.list("http_paths", raw, false);
        for (int i = 0; i < entries.size(); i++) {
            String at = "http_paths[" + i + "]";
            CatalogFile.PathEntry entry = entries.get(i);
            if (entry == null) {
                errors.error(at, "missing");
                continue;
            }
            PathPattern pattern = null;
            String text = errors.required(at + ".pattern", entry.pattern());
            if (text != null) {
                try {
                    pattern = PathPattern.compile(text);
                    duplicate(at + ".pattern", text, text.toLowerCase(Locale.ROOT), seen, at);
                } catch (IllegalArgumentException e) {
                    errors.error(at + ".pattern", KeyPathErrors.quote(text) + ": " + e.getMessage());
                }
            }
            Category category = errors.category(at + ".category", entry.category());
            String description = errors.required(at + ".description", entry.description());
            String source = errors.required(at + ".source", entry.source());
            if (pattern != null && category != null && description != null && source != null) {
                paths.add(new PathRule(pattern, category, description, source));
            }
        }
        return paths;
    }

    private HostPattern hostPattern(String path, String value, Map<String, String> seen, String entryPath) {
        String text = errors.required(path, value);
        if (text == null) {
            return null;
        }
        try {
            HostPattern pattern = HostPattern.compile(text);
            duplicate(path, text, pattern.canonical(), seen, entryPath);
            return pattern;
        } catch (IllegalArgumentException e) {
            errors.error(path, e.getMessage());
            return null;
        }
    }

    /** Two entries of one list with the same pattern (ignoring case) are an error naming the first. */
    private void duplicate(String path, String text, String key, Map<String, String> seen, String entryPath) {
        String first = seen.putIfAbsent(key, entryPath);
        if (first != null) {
            errors.error(path, KeyPathErrors.quote(text) + " duplicates " + first);
        }
    }

    private Confidence confidence(String path, String value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        String label = errors.required(path, value);
        Confidence confidence = label == null ? null : Confidence.fromLabel(label);
        if (label != null && confidence == null) {
            errors.error(path, KeyPathErrors.quote(label) + " is not one of " + CONFIDENCES);
        }
        return confidence;
    }
}
