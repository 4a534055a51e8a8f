package io.banwatch.alert;

import io.banwatch.event.Event;
import io.banwatch.event.Timestamps;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The sentence people read in an alert, for example "host 10.4.7.19 reached Kaspersky update service
 * dnl-07.geo.kaspersky.com at 2024-10-02T14:02:00Z, 3 days after updates were banned".
 */
public final class AlertMessage {

    private AlertMessage() {}

    /** @param phaseStart when the match's phase began, or null to leave the "after" clause out */
    public static String format(Event event, String host, Instant phaseStart) {
        Match match = event.match();
        Instant seen =
                Timestamps.toInstant(event.observation().timestampNanos()).truncatedTo(ChronoUnit.SECONDS);
        StringBuilder text = new StringBuilder(160)
                .append("host ")
                .append(host)
                .append(" reached ")
                .append(displayVendor(match.vendor()))
                .append(' ')
                .append(displayCategory(match.category()))
                .append(" service ");
        String name = event.observation().name();
        text.append(name != null ? name : event.observation().destination().ip());
        text.append(" at ").append(seen);
        if (phaseStart != null && !seen.isBefore(phaseStart)) {
            text.append(", ")
                    .append(elapsed(Duration.between(phaseStart, seen)))
                    .append(" after ");
            text.append(displayPhase(match.phase()));
        }
        return text.toString();
    }

    private static String elapsed(Duration since) {
        long days = since.toDays();
        if (days > 0) {
            return plural(days, "day");
        }
        long hours = since.toHours();
        if (hours > 0) {
            return plural(hours, "hour");
        }
        return plural(since.toMinutes(), "minute");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    private static String displayVendor(String vendor) {
        return vendor.isEmpty() ? vendor : vendor.substring(0, 1).toUpperCase(Locale.ROOT) + vendor.substring(1);
    }

    private static String displayCategory(Category category) {
        return switch (category) {
            case KSN -> "KSN";
            case THREAT_INTEL -> "threat intelligence";
            default -> category.label();
        };
    }

    /** "updates_banned" reads "updates were banned"; other phases read "the <phase> phase began". */
    private static String displayPhase(String phase) {
        if (phase.endsWith("_banned")) {
            return phase.substring(0, phase.length() - "_banned".length()).replace('_', ' ') + " were banned";
        }
        return "the " + phase.replace('_', ' ') + " phase began";
    }
}
