package io.banwatch.fuzz;

/**
 * How long one target fuzzes with {@code JAZZER_FUZZ=1} ({@code scripts/fuzz.sh}). Jazzer 0.24 takes the duration
 * only from the annotation, so it is one constant here; without {@code JAZZER_FUZZ} the targets only replay their
 * committed inputs and this value plays no part.
 */
public final class FuzzDurations {

    public static final String PER_TARGET = "2m";

    private FuzzDurations() {}
}
