package io.banwatch.match;

/**
 * A pattern for one DNS label: literal characters, {@code *} (any run of characters, possibly empty; a label that is
 * only {@code *} matches any one label), {@code #} (one decimal digit) and {@code [lo-hi]} (a fixed-width decimal
 * number in that range, for example {@code [00-19]}). Matches in place, without allocating.
 */
final class LabelGlob {

    /** Each star adds a level of backtracking; one or two cover every vendor naming scheme and keep matching cheap. */
    static final int MAX_STARS = 2;

    /** Widest number range: nine digits still fit an int and no catalog numbers hosts beyond that. */
    static final int MAX_RANGE_DIGITS = 9;

    private static final byte LITERAL = 0;
    private static final byte STAR = 1;
    private static final byte DIGIT = 2;
    private static final byte RANGE = 3;

    private final String text;
    private final byte[] kinds;
    private final char[] literals;
    private final int[] rangeLow;
    private final int[] rangeHigh;
    private final int[] rangeWidth;
    private final int literalChars;

    private LabelGlob(String text, byte[] kinds, char[] literals, int[] low, int[] high, int[] width, int literal) {
        this.text = text;
        this.kinds = kinds;
        this.literals = literals;
        this.rangeLow = low;
        this.rangeHigh = high;
        this.rangeWidth = width;
        this.literalChars = literal;
    }

    /** True when {@code label} holds any of the glob characters {@code * # [ ]}. */
    static boolean isGlob(String label) {
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '*' || c == '#' || c == '[' || c == ']') {
                return true;
            }
        }
        return false;
    }

    /** Compiles one label; throws {@link IllegalArgumentException} saying what is wrong. */
    static LabelGlob compile(String label) {
        int n = label.length();
        byte[] kinds = new byte[n];
        char[] literals = new char[n];
        int[] low = new int[n];
        int[] high = new int[n];
        int[] width = new int[n];
        int tokens = 0;
        int stars = 0;
        int literal = 0;
        for (int i = 0; i < n; ) {
            char c = label.charAt(i);
            if (c == '*') {
                if (++stars > MAX_STARS) {
                    throw new IllegalArgumentException("label \"" + label + "\" has more than " + MAX_STARS + " '*'");
                }
                kinds[tokens++] = STAR;
                i++;
            } else if (c == '#') {
                kinds[tokens++] = DIGIT;
                i++;
            } else if (c == '[') {
                int close = label.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("label \"" + label + "\" has '[' without ']'");
                }
                parseRange(label, label.substring(i + 1, close), tokens, low, high, width);
                kinds[tokens++] = RANGE;
                i = close + 1;
            } else if (Hostnames.isNameChar(c) && !(c >= 'A' && c <= 'Z')) {
                kinds[tokens] = LITERAL;
                literals[tokens++] = c;
                literal++;
                i++;
            } else {
                throw new IllegalArgumentException("label \"" + label + "\" has the character '" + c
                        + "'; allowed are a-z, 0-9, '-', '_' and the glob characters * # [lo-hi]");
            }
        }
        return new LabelGlob(
                label,
                java.util.Arrays.copyOf(kinds, tokens),
                java.util.Arrays.copyOf(literals, tokens),
                java.util.Arrays.copyOf(low, tokens),
                java.util.Arrays.copyOf(high, tokens),
                java.util.Arrays.copyOf(width, tokens),
                literal);
    }

    private static void parseRange(String label, String body, int token, int[] low, int[] high, int[] width) {
        int dash = body.indexOf('-');
        String lo = dash < 0 ? "" : body.substring(0, dash);
        String hi = dash < 0 ? "" : body.substring(dash + 1);
        if (lo.isEmpty()
                || lo.length() != hi.length()
                || lo.length() > MAX_RANGE_DIGITS
                || !allDigits(lo)
                || !allDigits(hi)
                || Integer.parseInt(lo) > Integer.parseInt(hi)) {
            throw new IllegalArgumentException("label \"" + label + "\" has the range [" + body
                    + "]; a range is [lo-hi] with two decimal numbers of the same width, lo <= hi");
        }
        low[token] = Integer.parseInt(lo);
        high[token] = Integer.parseInt(hi);
        width[token] = lo.length();
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    String text() {
        return text;
    }

    /** Literal characters in the label; among globs of equal shape, more literal characters is more specific. */
    int literalChars() {
        return literalChars;
    }

    /** True when the label {@code name[start, end)} matches this glob. */
    boolean matches(String name, int start, int end) {
        if (kinds.length == 1 && kinds[0] == STAR) {
            return end > start; // a whole-label '*' stands for one label, and labels are never empty
        }
        return matchFrom(0, name, start, end);
    }

    private boolean matchFrom(int token, String name, int pos, int end) {
        for (int t = token; t < kinds.length; t++) {
            switch (kinds[t]) {
                case LITERAL -> {
                    if (pos >= end || name.charAt(pos) != literals[t]) {
                        return false;
                    }
                    pos++;
                }
                case DIGIT -> {
                    if (pos >= end || !isDigit(name.charAt(pos))) {
                        return false;
                    }
                    pos++;
                }
                case RANGE -> {
                    if (!rangeMatches(t, name, pos, end)) {
                        return false;
                    }
                    pos += rangeWidth[t];
                }
                default -> {
                    // STAR: try every split; at most MAX_STARS nested levels over a label of at most 63 characters.
                    for (int split = pos; split <= end; split++) {
                        if (matchFrom(t + 1, name, split, end)) {
                            return true;
                        }
                    }
                    return false;
                }
            }
        }
        return pos == end;
    }

    private boolean rangeMatches(int t, String name, int pos, int end) {
        int width = rangeWidth[t];
        if (end - pos < width) {
            return false;
        }
        int value = 0;
        for (int i = pos; i < pos + width; i++) {
            char c = name.charAt(i);
            if (!isDigit(c)) {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value >= rangeLow[t] && value <= rangeHigh[t];
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public String toString() {
        return text;
    }
}
