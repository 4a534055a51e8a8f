package io.banwatch.match;

import java.util.regex.Pattern;

/**
 * A {@code ja4:} pattern of a catalog rule: a JA4 TLS client fingerprint ({@code t13d1516h2_8daaf6152771_e5627efa2ab1},
 * FoxIO's JA4.md) whose three sections are each written out or {@code *}. JA4 keeps the server name and ALPN out of
 * its third section on purpose, so that one client gives the same {@code _b_c} whether it names a host or an address;
 * {@code ja4:*_8daaf6152771_e5627efa2ab1} catches such a client behind an IP literal too. At least two sections must
 * be written out: one hash alone is shared by too many unrelated clients.
 */
public final class Ja4Pattern {

    /** What every rule pattern of this kind starts with in the catalog. */
    public static final String PREFIX = "ja4:";

    /** Length of a fingerprint: JA4_a (10), "_", JA4_b (12), "_", JA4_c (12). */
    static final int LENGTH = 36;

    private static final int[] STARTS = {0, 11, 24};
    private static final int[] LENGTHS = {10, 12, 12};

    /**
     * JA4.md: "t", "q" or "d"; the version ("13" ... "10", "s3", "s2", "d1" ... "d3", "00"); "d" or "i"; two-digit
     * counts of ciphers and extensions; the ALPN characters (letters and digits, or two hex digits).
     */
    private static final Pattern SECTION_A = Pattern.compile("[tqd](1[0-3]|s[23]|d[1-3]|00)[di][0-9]{4}[0-9A-Za-z]{2}");

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{12}");

    private final String text;
    /** The literal sections, null where the pattern has {@code *}. */
    private final String[] sections;

    private final int literalSections;

    private Ja4Pattern(String text, String[] sections, int literalSections) {
        this.text = text;
        this.sections = sections;
        this.literalSections = literalSections;
    }

    /** Whether a catalog pattern is a fingerprint pattern rather than a host pattern. */
    public static boolean isJa4(String pattern) {
        return pattern != null && pattern.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * Whether {@code value} is one whole JA4 fingerprint, with or without the {@code ja4:} prefix, so that
     * {@code banwatch catalog match} can take one where it takes a name.
     */
    public static boolean isFingerprint(String value) {
        if (value == null) {
            return false;
        }
        String bare = isJa4(value) ? value.substring(PREFIX.length()) : value;
        try {
            return compile(PREFIX + bare).literalSections == 3;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Compiles {@code ja4:a_b_c}; throws {@link IllegalArgumentException} with a message that says what is wrong.
     */
    public static Ja4Pattern compile(String text) {
        if (!isJa4(text)) {
            throw new IllegalArgumentException("\"" + text + "\" does not start with " + PREFIX);
        }
        String body = text.substring(PREFIX.length()).strip();
        String[] parts = body.split("_", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("\"" + text + "\" is not a JA4 fingerprint: expected three sections "
                    + "a_b_c, as in ja4:t13d1516h2_8daaf6152771_e5627efa2ab1");
        }
        String[] sections = new String[3];
        int literal = 0;
        for (int i = 0; i < 3; i++) {
            if (parts[i].equals("*")) {
                continue;
            }
            if (!(i == 0 ? SECTION_A : HASH).matcher(parts[i]).matches()) {
                throw new IllegalArgumentException("\"" + text + "\": section " + "abc".charAt(i) + " (\"" + parts[i]
                        + "\") is not "
                        + (i == 0
                                ? "JA4_a: t|q|d, a TLS version (13, 12, 11, 10, s3, s2, d1, d2, d3, 00), d|i, "
                                        + "two-digit cipher and extension counts and two ALPN characters"
                                : "12 lower-case hex digits")
                        + ", or *");
            }
            sections[i] = parts[i];
            literal++;
        }
        if (literal < 2) {
            throw new IllegalArgumentException("\"" + text + "\" leaves more than one section as *: a single section "
                    + "is shared by too many unrelated clients");
        }
        return new Ja4Pattern(PREFIX + body, sections, literal);
    }

    /** The pattern as written, with its {@code ja4:} prefix. */
    public String text() {
        return text;
    }

    /** Sections written out: 3 for a whole fingerprint, 2 with one {@code *}; more wins. */
    int specificity() {
        return literalSections;
    }

    /** Whether the fingerprint {@code ja4} (without prefix) fits; allocates nothing. */
    boolean matches(String ja4) {
        if (ja4 == null || ja4.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            String section = sections[i];
            if (section != null && !ja4.regionMatches(STARTS[i], section, 0, LENGTHS[i])) {
                return false;
            }
        }
        return true;
    }

    /** The canonical form for duplicate checks. */
    String canonical() {
        return text.substring(PREFIX.length());
    }
}
