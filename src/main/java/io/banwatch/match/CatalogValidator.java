package io.banwatch.match;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Checks a {@link CatalogFile} and builds the {@link VendorCatalog}; every problem is reported with its key path. */
final class CatalogValidator {

    /** Vendor ids and phase names become metric label values and file names: short, lower case, no punctuation. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /** Problems reported in one exception; beyond this the file is wrong wholesale and more lines do not help. */
    private static final int MAX_REPORTED_ERRORS = 50;

    private static final String CATEGORIES =
            Arrays.stream(Category.values()).map(Category::label).collect(Collectors.joining(", "));
    private static final String SEVERITIES =
            Arrays.stream(Severity.values()).map(Severity::label).collect(Collectors.joining(", "));
    private static final String CONFIDENCES =
            Arrays.stream(Confidence.values()).map(Confidence::label).collect(Collectors.joining(", "));

    private final String origin;
    private final List<String> errors = new ArrayList<>();
    /** Phase names as declared, including phases with errors, so one bad start does not cascade into severities. */
    private final List<String> declaredPhases = new ArrayList<>(List.of(PolicyPhases.BEFORE_FIRST_PHASE));

    private CatalogValidator(String origin) {
        this.origin = origin;
    }

    /** Validates {@code file}, read from {@code origin}; throws one {@link CatalogException} listing every problem. */
    static VendorCatalog validate(String origin, CatalogFile file) {
        CatalogValidator v = new CatalogValidator(origin);
        String vendor = v.identifier("vendor", file.vendor());
        String displayName = v.required("display_name", file.displayName());
        List<String> references = v.references(file.references());
        List<Phase> phases = v.phases(file.phases());
        Map<String, Map<Category, Severity>> severities = v.severities(file.severities());
        List<HostRule> domains = v.domains(file.domains());
        List<HostRule> rules = v.rules(file.rules());
        List<PathRule> paths = v.paths(file.httpPaths());
        if (!v.errors.isEmpty()) {
            throw new CatalogException(String.join("\n", v.errors));
        }
        PolicyPhases policy = new PolicyPhases(phases, severities);
        return new VendorCatalog(vendor, displayName, references, policy, domains, rules, paths, origin);
    }

    private void error(String path, String message) {
        if (errors.size() < MAX_REPORTED_ERRORS) {
            errors.add(origin + ": " + path + ": " + message);
        }
    }

    private String required(String path, String value) {
        if (value == null || value.isBlank()) {
            error(path, "missing");
            return null;
        }
        return value.strip();
    }

    private String identifier(String path, String value) {
        String id = required(path, value);
        if (id != null && !IDENTIFIER.matcher(id).matches()) {
            error(path, quote(id) + " must be lower-case letters, digits, '_' or '-', starting with a letter");
        }
        return id;
    }

    private <T> List<T> list(String path, List<T> value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                error(path, "missing or empty");
            }
            return List.of();
        }
        return value;
    }

    private List<String> references(List<String> raw) {
        List<String> references = new ArrayList<>();
        List<String> entries = list("references", raw, false);
        for (int i = 0; i < entries.size(); i++) {
            String reference = required("references[" + i + "]", entries.get(i));
            if (reference != null) {
                references.add(reference);
            }
        }
        return references;
    }

    private List<Phase> phases(List<CatalogFile.PhaseEntry> raw) {
        List<Phase> phases = new ArrayList<>();
        List<CatalogFile.PhaseEntry> entries = list("phases", raw, true);
        for (int i = 0; i < entries.size(); i++) {
            String at = "phases[" + i + "]";
            CatalogFile.PhaseEntry entry = entries.get(i);
            if (entry == null) {
                error(at, "missing");
                continue;
            }
            String name = identifier(at + ".name", entry.name());
            if (PolicyPhases.BEFORE_FIRST_PHASE.equals(name)) {
                error(at + ".name", quote(name) + " is reserved for the time before the first phase");
            } else if (name != null && declaredPhases.contains(name)) {
                error(at + ".name", quote(name) + " is declared twice");
            } else if (name != null) {
                declaredPhases.add(name);
            }
            Long start = timestamp(at + ".start", entry.start());
            String description = required(at + ".description", entry.description());
            String source = required(at + ".source", entry.source());
            if (start != null && !phases.isEmpty() && start <= phases.getLast().startNanos()) {
                error(at + ".start", "must be later than " + phases.getLast().name() + "; phases are in time order");
            }
            if (name != null && start != null) {
                phases.add(new Phase(name, start, entry.start().strip(), description, source));
            }
        }
        if (phases.size() > PolicyPhases.MAX_PHASES) {
            error("phases", "more than " + PolicyPhases.MAX_PHASES + " phases");
        }
        return phases;
    }

    /** RFC 3339 section 5.6: date-time with a mandatory offset; converted to nanoseconds since the epoch. */
    private Long timestamp(String path, String value) {
        String text = required(path, value);
        if (text == null) {
            return null;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return Math.addExact(Math.multiplyExact(time.toEpochSecond(), 1_000_000_000L), time.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            error(path, quote(text) + " is not an RFC 3339 timestamp with offset, such as 2024-09-29T00:00:00-04:00");
            return null;
        }
    }

    private Map<String, Map<Category, Severity>> severities(Map<String, Map<String, String>> raw) {
        Map<String, Map<Category, Severity>> table = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            error("severities", "missing or empty");
            return table;
        }
        List<String> phaseNames = declaredPhases;
        raw.forEach((phase, row) -> {
            if (!phaseNames.contains(phase)) {
                error("severities." + phase, "not a phase; expected one of " + String.join(", ", phaseNames));
            } else {
                table.put(phase, severityRow("severities." + phase, row));
            }
        });
        for (String phase : phaseNames) {
            if (!raw.containsKey(phase)) {
                error("severities." + phase, "missing; every phase needs a severity for every category");
            }
        }
        return table;
    }

    private Map<Category, Severity> severityRow(String path, Map<String, String> raw) {
        Map<Category, Severity> row = new EnumMap<>(Category.class);
        Map<String, String> entries = raw == null ? Map.of() : raw;
        entries.forEach((label, value) -> {
            Category category = Category.fromLabel(label);
            Severity severity = Severity.fromLabel(value == null ? null : value.strip());
            if (category == null) {
                error(path + "." + label, "not a category; expected one of " + CATEGORIES);
            } else if (severity == null) {
                error(path + "." + label, quote(value) + " is not one of " + SEVERITIES);
            } else {
                row.put(category, severity);
            }
        });
        for (Category category : Category.values()) {
            if (!entries.containsKey(category.label())) {
                error(path + "." + category.label(), "missing");
            }
        }
        return row;
    }

    private List<HostRule> domains(List<CatalogFile.DomainEntry> raw) {
        List<HostRule> domains = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        List<CatalogFile.DomainEntry> entries = list("domains", raw, false);
        for (int i = 0; i < entries.size(); i++) {
            String at = "domains[" + i + "]";
            CatalogFile.DomainEntry entry = entries.get(i);
            if (entry == null) {
                error(at, "missing");
                continue;
            }
            HostPattern pattern = hostPattern(at + ".domain", entry.domain(), seen, at);
            if (pattern != null && (pattern.exact() || LabelGlob.isGlob(entry.domain()))) {
                error(at + ".domain", quote(entry.domain()) + " must be a plain domain name, without '=' or globs");
            }
            Confidence confidence = confidence(at + ".confidence", entry.confidence(), true);
            String source = required(at + ".source", entry.source());
            String description = entry.description() == null
                    ? "Registrable domain of the vendor; names below it without a more specific rule"
                    : entry.description().strip();
            if (pattern != null && confidence != null && source != null) {
                domains.add(new HostRule(pattern, Category.WEB, description, source, confidence, true));
            }
        }
        return domains;
    }

    private List<HostRule> rules(List<CatalogFile.RuleEntry> raw) {
        List<HostRule> rules = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        List<CatalogFile.RuleEntry> entries = list("rules", raw, false);
        for (int i = 0; i < entries.size(); i++) {
            String at = "rules[" + i + "]";
            CatalogFile.RuleEntry entry = entries.get(i);
            if (entry == null) {
                error(at, "missing");
                continue;
            }
            HostPattern pattern = hostPattern(at + ".pattern", entry.pattern(), seen, at);
            Category category = category(at + ".category", entry.category());
            String description = required(at + ".description", entry.description());
            String source = required(at + ".source", entry.source());
            Confidence confidence = confidence(at + ".confidence", entry.confidence(), false);
            if (pattern != null && category != null && description != null && source != null) {
                rules.add(new HostRule(
                        pattern,
                        category,
                        description,
                        source,
                        confidence == null ? Confidence.HIGH : confidence,
                        false));
            }
        }
        return rules;
    }

    private List<PathRule> paths(List<CatalogFile.PathEntry> raw) {
        List<PathRule> paths = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        List<CatalogFile.PathEntry> entries = list("http_paths", raw, false);
        for (int i = 0; i < entries.size(); i++) {
            String at = "http_paths[" + i + "]";
            CatalogFile.PathEntry entry = entries.get(i);
            if (entry == null) {
                error(at, "missing");
                continue;
            }
            PathPattern pattern = null;
            String text = required(at + ".pattern", entry.pattern());
            if (text != null) {
                try {
                    pattern = PathPattern.compile(text);
                    duplicate(at + ".pattern", text, text.toLowerCase(java.util.Locale.ROOT), seen, at);
                } catch (IllegalArgumentException e) {
                    error(at + ".pattern", quote(text) + ": " + e.getMessage());
                }
            }
            Category category = category(at + ".category", entry.category());
            String description = required(at + ".description", entry.description());
            String source = required(at + ".source", entry.source());
            if (pattern != null && category != null && description != null && source != null) {
                paths.add(new PathRule(pattern, category, description, source));
            }
        }
        return paths;
    }

    private HostPattern hostPattern(String path, String value, Map<String, String> seen, String entryPath) {
        String text = required(path, value);
        if (text == null) {
            return null;
        }
        try {
            HostPattern pattern = HostPattern.compile(text);
            duplicate(path, text, pattern.canonical(), seen, entryPath);
            return pattern;
        } catch (IllegalArgumentException e) {
            error(path, e.getMessage());
            return null;
        }
    }

    private void duplicate(String path, String text, String key, Map<String, String> seen, String entryPath) {
        String first = seen.putIfAbsent(key, entryPath);
        if (first != null) {
            error(path, quote(text) + " duplicates " + first);
        }
    }

    private Category category(String path, String value) {
        String label = required(path, value);
        Category category = label == null ? null : Category.fromLabel(label);
        if (label != null && category == null) {
            error(path, quote(label) + " is not one of " + CATEGORIES);
        }
        return category;
    }

    private Confidence confidence(String path, String value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        String label = required(path, value);
        Confidence confidence = label == null ? null : Confidence.fromLabel(label);
        if (label != null && confidence == null) {
            error(path, quote(label) + " is not one of " + CONFIDENCES);
        }
        return confidence;
    }

    private static String quote(String value) {
        return "\"" + value + "\"";
    }
}
