package io.banwatch.cli;

import io.banwatch.store.EventFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The filters of {@code banwatch query}: the same names as the HTTP API's parameters. */
final class QueryOptions {

    private static final Pattern AGO = Pattern.compile("(\\d+)([smhdw])");

    enum Format {
        table,
        json,
        csv
    }

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "From this time: 2024-09-29, 2024-09-29T04:00:00Z, " + "or an age such as 30d, 12h, 15m.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Before this time (same forms as --since).")
    String until;

    @Option(names = "--host", paramLabel = "IP", description = "One client host.")
    String host;

    @Option(names = "--vendor", paramLabel = "V", description = "A vendor id, for example kaspersky.")
    String vendor;

    @Option(
            names = "--category",
            paramLabel = "C",
            description = "update, ksn, licensing, management, telemetry, " + "web or threat_intel.")
    String category;

    @Option(names = "--phase", paramLabel = "P", description = "A policy phase, for example updates_banned.")
    String phase;

    @Option(names = "--protocol", paramLabel = "P", description = "dns, tls, quic, http, kaspersky, ksc or unknown.")
    String protocol;

    @Option(names = "--outcome", paramLabel = "O", description = "blocked, connected, transferred or unknown.")
    String outcome;

    @Option(
            names = "--name",
            paramLabel = "SUFFIX",
            description = "A name and every name below it: kaspersky.com " + "matches dnl-01.geo.kaspersky.com.")
    String name;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "Rows at most (default " + "${DEFAULT-VALUE}, at most " + EventFilter.MAX_LIMIT + ").")
    int limit;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description =
                    "table (the default on a terminal), json (one " + "object per line, the default otherwise) or csv.")
    Format format;

    EventFilter filter(Instant now) {
        return new EventFilter(
                time("--since", since, now),
                time("--until", until, now),
                host,
                lower(vendor),
                lower(category),
                lower(phase),
                lower(protocol),
                lower(outcome),
                name == null ? null : name.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""),
                0,
                limit);
    }

    Format format(boolean terminal) {
        return format != null ? format : terminal ? Format.table : Format.json;
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** Nanoseconds since the epoch, or null without the option. */
    static Long time(String option, String text, Instant now) {
        if (text == null) {
            return null;
        }
        Matcher ago = AGO.matcher(text);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration unit = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return nanos(now.minus(unit.multipliedBy(amount)));
        }
        try {
            return nanos(Instant.parse(text));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return nanos(java.time.OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException notWithOffset) {
                try {
                    return nanos(
                            LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
                } catch (DateTimeParseException notADate) {
                    throw new UsageException(option + ": \"" + text + "\" is not a time: give a date (2024-09-29), "
                            + "an RFC 3339 time (2024-09-29T04:00:00Z) or an age (30d, 12h, 15m)");
                }
            }
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
