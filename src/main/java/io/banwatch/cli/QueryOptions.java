package io.banwatch.cli;

import io.banwatch.store.EventFilter;
import io.banwatch.store.TimeExpression;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The filters of {@code banwatch query}: the same names as the HTTP API's parameters. */
final class QueryOptions {

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
            names = "--url",
            paramLabel = "URL",
            description = "Ask a sensor's HTTP API instead of the local store, for example http://sensor-1:19153 "
                    + "(the token, when the sensor has one, from BANWATCH_API_TOKEN).")
    String url;

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
        try {
            return TimeExpression.parse(text, now);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
