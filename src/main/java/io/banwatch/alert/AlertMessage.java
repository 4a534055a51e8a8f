package io.banwatch.alert;

import io.banwatch.event.ContactOutcome;
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

    /**
     * The sentence with what became of the contact: "..., 3 days after updates were banned; the update got through
     * (48,213 bytes from the server)".
     *
     * @param outcome the worst outcome so far, or null when none is known
     */
    public static String format(Event event, String host, Instant phaseStart, ContactOutcome outcome) {
        String sentence = format(event, host, phaseStart);
        if (outcome == null) {
            return sentence;
        }
        String reason = outcome.reason() == null ? "" : " (" + outcome.reason().label() + ")";
        return switch (outcome.outcome()) {
            case UNKNOWN -> sentence;
            case BLOCKED -> sentence + "; it was blocked" + reason;
            case CONNECTED -> sentence + "; the server answered" + reason;
            case TRANSFERRED ->
                sentence + "; " + gotThrough(event.match().category())
                        + (outcome.destinationBytes() >= 0
                                ? String.format(Locale.ROOT, " (%,d bytes from the server)", outcome.destinationBytes())
                                : reason);
        };
    }

    private static String gotThrough(Category category) {
        return switch (category) {
            case UPDATE -> "the update got through";
            case KSN -> "the KSN answer got through";
            default -> "the " + displayCategory(category) + " traffic got through";
        };
    }

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
        text.append(event.observation().nameOrServer());
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
