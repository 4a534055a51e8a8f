package io.banwatch.api;

import io.banwatch.event.Outcome;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.store.EventFilter;
import io.banwatch.store.TimeExpression;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query parameters of {@code /api/v1/*}, with the names of {@code banwatch query}'s options, checked one by one: a
 * value that cannot be meant is a {@link BadParameterException} naming it, never passed on (the store binds every
 * value, so nothing here is SQL; the checks are for clear answers).
 */
final class QueryParameters {

    /** json (the default) or csv. */
    enum Format {
        JSON,
        CSV
    }

    /** The filters the events, hosts and alerts listings take. */
    static final Set<String> FILTERS = Set.of(
            "since",
            "until",
            "host",
            "vendor",
            "category",
            "phase",
            "protocol",
            "outcome",
            "name",
            "limit",
            "cursor",
            "format");

    // An IPv4 or IPv6 literal as the store keeps it (45 characters: the longest IPv6 text form, RFC 4291 section 2.2).
    private static final Pattern HOST = Pattern.compile("[0-9a-f:.]{2,45}");
    // Vendor ids and phase names are catalog identifiers.
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9_-]{1,64}");
    // A DNS name (RFC 1035 section 2.3.4: 253 characters as text); underscores occur in real names.
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,253}");
    // A limit of more than nine digits is simply large: cut to the cap like any other large one.
    private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");
    private static final Pattern LARGE_NUMBER = Pattern.compile("\\d{10,}");
    // Cursors are row ids, well below 2^63.
    private static final Pattern CURSOR = Pattern.compile("\\d{1,18}");

    private final Map<String, List<String>> parameters;

    private QueryParameters(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** @throws BadParameterException for a parameter not in {@code allowed} or given twice */
    static QueryParameters of(Map<String, List<String>> parameters, Set<String> allowed) {
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            if (!allowed.contains(p.getKey())) {
                throw new BadParameterException(
                        printable(p.getKey()),
                        "unknown parameter; this endpoint takes "
                                + allowed.stream().sorted().collect(Collectors.joining(", ")));
            }
            if (p.getValue().size() > 1) {
                throw new BadParameterException(p.getKey(), "given more than once");
            }
        }
        return new QueryParameters(parameters);
    }

    /** The filter, with the page size cut to {@link EventFilter#MAX_LIMIT}. */
    EventFilter filter(Instant now) {
        return new EventFilter(
                time("since", now),
                time("until", now),
                matching("host", HOST, "an IPv4 or IPv6 address such as 10.1.2.3"),
                identifier("vendor"),
                category() == null ? null : category().label(),
                identifier("phase"),
                choice(
                        "protocol",
                        Arrays.stream(Protocol.values()).map(Protocol::label).toList()),
                choice(
                        "outcome",
                        Arrays.stream(Outcome.values()).map(Outcome::label).toList()),
                name(),
                cursor(),
                limit());
    }

    Format format(String accept) {
        String format = value("format");
        if (format == null) {
            return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv") ? Format.CSV : Format.JSON;
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> Format.JSON;
            case "csv" -> Format.CSV;
            default -> throw new BadParameterException("format", "\"" + printable(format) + "\" is not json or csv");
        };
    }

    String value(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    String identifier(String name) {
        return matching(name, IDENTIFIER, "a lower-case identifier such as those of banwatch catalog list");
    }

    Category category() {
        String text = value("category");
        if (text == null) {
            return null;
        }
        Category category = Category.fromLabel(text.toLowerCase(Locale.ROOT));
        if (category == null) {
            throw new BadParameterException(
                    "category",
                    "\"" + printable(text) + "\" is not a category: "
                            + Arrays.stream(Category.values())
                                    .map(Category::label)
                                    .collect(Collectors.joining(", ")));
        }
        return category;
    }

    long cursor() {
        String text = value("cursor");
        if (text == null) {
            return 0;
        }
        if (!CURSOR.matcher(text).matches() || Long.parseLong(text) == 0) {
            throw new BadParameterException(
                    "cursor", "\"" + printable(text) + "\" is not a cursor: give the next_cursor of the previous page");
        }
        return Long.parseLong(text);
    }

    int limit() {
        String text = value("limit");
        if (text == null) {
            return EventFilter.DEFAULT_LIMIT;
        }
        if (LARGE_NUMBER.matcher(text).matches()) {
            return EventFilter.MAX_LIMIT;
        }
        if (!NUMBER.matcher(text).matches() || Integer.parseInt(text) == 0) {
            throw new BadParameterException(
                    "limit",
                    "\"" + printable(text) + "\" is not a number of rows from 1 to " + EventFilter.MAX_LIMIT
                            + " (larger ones are cut to " + EventFilter.MAX_LIMIT + ")");
        }
        return Math.min(Integer.parseInt(text), EventFilter.MAX_LIMIT);
    }

    private Long time(String name, Instant now) {
        String text = value(name);
        if (text == null) {
            return null;
        }
        try {
            return TimeExpression.parse(text, now);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(name, "\"" + printable(text) + "\" is not a time: " + TimeExpression.FORMS);
        }
    }

    private String name() {
        String text = value("name");
        if (text == null) {
            return null;
        }
        String name = text.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!NAME.matcher(name).matches()) {
            throw new BadParameterException(
                    "name", "\"" + printable(text) + "\" is not a DNS name such as kaspersky.com");
        }
        return name;
    }

    private String choice(String name, List<String> labels) {
        String text = value(name);
        if (text == null) {
            return null;
        }
        String value = text.toLowerCase(Locale.ROOT);
        if (!labels.contains(value)) {
            throw new BadParameterException(
                    name, "\"" + printable(text) + "\" is not one of " + String.join(", ", labels));
        }
        return value;
    }

    private String matching(String name, Pattern pattern, String expected) {
        String text = value(name);
        if (text == null) {
            return null;
        }
        String value = text.toLowerCase(Locale.ROOT);
        if (!pattern.matcher(value).matches()) {
            throw new BadParameterException(name, "\"" + printable(text) + "\" is not " + expected);
        }
        return value;
    }

    /** A value as it may be quoted back: short, without control characters. */
    static String printable(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
