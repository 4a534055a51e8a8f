package io.banwatch.match;

import java.util.Locale;

/**
 * A compiled HTTP request-path pattern, matched against the whole path (without query) ignoring ASCII case:
 * {@code *} matches any run of characters including {@code /}, {@code <digits>} one or more decimal digits, and
 * every other character itself. Matching runs in O(path × pattern) time and allocates nothing.
 */
public final class PathPattern {

    /** Longest pattern accepted; fingerprints are short, and the bound keeps matching cost predictable. */
    static final int MAX_PATTERN_LENGTH = 256;

    private static final String DIGITS_TOKEN = "<digits>";
    private static final byte LITERAL = 0;
    private static final byte STAR = 1;
    private static final byte DIGITS = 2;

    private final String text;
    private final byte[] kinds;
    private final char[] literals;

    private PathPattern(String text, byte[] kinds, char[] literals) {
        this.text = text;
        this.kinds = kinds;
        this.literals = literals;
    }

    /** Compiles {@code text}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static PathPattern compile(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("pattern is empty");
        }
        if (text.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("pattern is longer than " + MAX_PATTERN_LENGTH + " characters");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        byte[] kinds = new byte[lower.length()];
        char[] literals = new char[lower.length()];
        int tokens = 0;
        for (int i = 0; i < lower.length(); ) {
            char c = lower.charAt(i);
            if (lower.startsWith(DIGITS_TOKEN, i)) {
                kinds[tokens++] = DIGITS;
                i += DIGITS_TOKEN.length();
                // Digit runs are matched greedily, which is exact only when no digit can follow the run.
                if (i < lower.length() && (isDigit(lower.charAt(i)) || lower.startsWith(DIGITS_TOKEN, i))) {
                    throw new IllegalArgumentException("<digits> must not be followed by a digit or <digits>");
                }
            } else if (c == '*') {
                kinds[tokens++] = STAR;
                i++;
            } else if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("pattern has a control, space or non-ASCII character");
            } else {
                kinds[tokens] = LITERAL;
                literals[tokens++] = c;
                i++;
            }
        }
        return new PathPattern(text, java.util.Arrays.copyOf(kinds, tokens), java.util.Arrays.copyOf(literals, tokens));
    }

    /** The pattern as written in the catalog. */
    public String text() {
        return text;
    }

    /** True when the whole of {@code path} matches. */
    public boolean matches(String path) {
        int n = path.length();
        int p = 0;
        int t = 0;
        int starToken = -1;
        int starPosition = -1;
        // Wildcard matching with one backtrack point (the last star): each segment between stars matches at the
        // leftmost place it can, which is safe because the star after it can absorb whatever lies between.
        while (p < n) {
            if (t < kinds.length) {
                byte kind = kinds[t];
                if (kind == STAR) {
                    starToken = t++;
                    starPosition = p;
                    continue;
                }
                char c = lower(path.charAt(p));
                if (kind == LITERAL && c == literals[t]) {
                    p++;
                    t++;
                    continue;
                }
                if (kind == DIGITS && isDigit(c)) {
                    while (p < n && isDigit(path.charAt(p))) {
                        p++;
                    }
                    t++;
                    continue;
                }
            }
            if (starToken < 0) {
                return false;
            }
            t = starToken + 1;
            p = ++starPosition;
        }
        while (t < kinds.length && kinds[t] == STAR) {
            t++;
        }
        return t == kinds.length;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public String toString() {
        return text;
    }
}
