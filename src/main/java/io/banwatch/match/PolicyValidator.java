package io.banwatch.match;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks a catalog's {@code phases}, {@code severities} and {@code alerts} and builds its {@link PolicyPhases}. */
final class PolicyValidator {

    private static final String SEVERITIES =
            Arrays.stream(Severity.values()).map(Severity::label).collect(Collectors.joining(", "));

    private final KeyPathErrors errors;
    /** Phase names as declared, including phases with errors, so one bad start does not cascade into severities. */
    private final List<String> declaredPhases = new ArrayList<>(List.of(PolicyPhases.BEFORE_FIRST_PHASE));

    private PolicyValidator(KeyPathErrors errors) {
        this.errors = errors;
    }

    /** The policy, or null when {@code errors} received a problem. */
    static PolicyPhases validate(
            KeyPathErrors errors,
            List<CatalogFile.PhaseEntry> phases,
            Map<String, Map<String, String>> severities,
            Map<String, List<String>> alerts) {
        PolicyValidator v = new PolicyValidator(errors);
        int before = errors.count();
        List<Phase> validPhases = v.phases(phases);
        Map<String, Map<Category, Severity>> table = v.severities(severities);
        Map<String, Set<Category>> alerting = alerts == null ? null : v.alerts(alerts);
        if (errors.count() != before) {
            return null;
        }
        return alerting == null ? new PolicyPhases(validPhases, table) : new PolicyPhases(validPhases, table, alerting);
    }

    /** {@code alerts}: phase name to the categories that raise an alert in it; phases left out raise none. */
    private Map<String, Set<Category>> alerts(Map<String, List<String>> raw) {
        Map<String, Set<Category>> alerting = new LinkedHashMap<>();
        raw.forEach((phase, categories) -> {
            String path = "alerts." + phase;
            if (!declaredPhases.contains(phase)) {
                errors.error(path, "not a phase; expected one of " + String.join(", ", declaredPhases));
                return;
            }
            Set<Category> set = EnumSet.noneOf(Category.class);
            List<String> entries = categories == null ? List.of() : categories;
            for (int i = 0; i < entries.size(); i++) {
                Category category = errors.category(path + "[" + i + "]", entries.get(i));
                if (category != null && !set.add(category)) {
                    errors.error(path + "[" + i + "]", KeyPathErrors.quote(category.label()) + " is listed twice");
                }
            }
            alerting.put(phase, set);
        });
        return alerting;
    }

    private List<Phase> phases(List<CatalogFile.PhaseEntry> raw) {
        List<Phase> phases = new ArrayList<>();
        List<CatalogFile.PhaseEntry> entries = errors.list("phases", raw, true);
        for (int i = 0; i < entries.size(); i++) {
            String at = "phases[" + i + "]";
            CatalogFile.PhaseEntry entry = entries.get(i);
            if (entry == null) {
                errors.error(at, "missing");
                continue;
            }
            String name = errors.identifier(at + ".name", entry.name());
            if (PolicyPhases.BEFORE_FIRST_PHASE.equals(name)) {
                errors.error(
                        at + ".name", KeyPathErrors.quote(name) + " is reserved for the time before the first phase");
            } else if (name != null && declaredPhases.contains(name)) {
                errors.error(at + ".name", KeyPathErrors.quote(name) + " is declared twice");
            } else if (name != null) {
                declaredPhases.add(name);
            }
            Long start = timestamp(at + ".start", entry.start());
            String description = errors.required(at + ".description", entry.description());
            String source = errors.required(at + ".source", entry.source());
            if (start != null && !phases.isEmpty() && start <= phases.getLast().startNanos()) {
                errors.error(
                        at + ".start", "must be later than " + phases.getLast().name() + "; phases are in time order");
            }
            if (name != null && start != null) {
                phases.add(new Phase(name, start, entry.start().strip(), description, source));
            }
        }
        if (phases.size() > PolicyPhases.MAX_PHASES) {
            errors.error("phases", "more than " + PolicyPhases.MAX_PHASES + " phases");
        }
        return phases;
    }

    /** RFC 3339 section 5.6: date-time with a mandatory offset; converted to nanoseconds since the epoch. */
    private Long timestamp(String path, String value) {
        String text = errors.required(path, value);
        if (text == null) {
            return null;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return Math.addExact(Math.multiplyExact(time.toEpochSecond(), 1_000_000_000L), time.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            errors.error(
                    path,
                    KeyPathErrors.quote(text)
                            + " is not an RFC 3339 timestamp with offset, such as 2024-09-29T00:00:00-04:00");
            return null;
        }
    }

    private Map<String, Map<Category, Severity>> severities(Map<String, Map<String, String>> raw) {
        Map<String, Map<Category, Severity>> table = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            errors.error("severities", "missing or empty");
            return table;
        }
        raw.forEach((phase, row) -> {
            if (!declaredPhases.contains(phase)) {
                errors.error(
                        "severities." + phase, "not a phase; expected one of " + String.join(", ", declaredPhases));
            } else {
                table.put(phase, severityRow("severities." + phase, row));
            }
        });
        for (String phase : declaredPhases) {
            if (!raw.containsKey(phase)) {
                errors.error("severities." + phase, "missing; every phase needs a severity for every category");
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
                errors.error(path + "." + label, "not a category; expected one of " + KeyPathErrors.CATEGORIES);
            } else if (severity == null) {
                errors.error(path + "." + label, KeyPathErrors.quote(value) + " is not one of " + SEVERITIES);
            } else {
                row.put(category, severity);
            }
        });
        for (Category category : Category.values()) {
            if (!entries.containsKey(category.label())) {
                errors.error(path + "." + category.label(), "missing");
            }
        }
        return row;
    }
}
