package io.banwatch.match;

import java.util.Locale;

/**
 * A compiled catalog host pattern. {@code example.com} matches that name and every name below it, on label
 * boundaries; {@code *.example.com} matches only names strictly below; a leading {@code =} restricts a pattern to
 * names with exactly its labels; any label may be a {@link LabelGlob}.
 */
public final class HostPattern {

    /** A pattern must end in this many literal labels, so no rule can swallow a whole top-level domain. */
    static final int MIN_LITERAL_SUFFIX_LABELS = 2;

    private final String text;
    private final boolean exact;
    /** Labels from the rightmost (top-level) to the leftmost: the order the trie is walked in. */
    private final String[] reversedLabels;
    /** For each reversed label, its glob, or null when the label is literal. */
    private final LabelGlob[] globs;

    private final int literalLabels;
    private final int globLiteralChars;

    private HostPattern(String text, boolean exact, String[] reversedLabels, LabelGlob[] globs) {
        this.text = text;
        this.exact = exact;
        this.reversedLabels = reversedLabels;
        this.globs = globs;
        int literal = 0;
        int chars = 0;
        for (LabelGlob glob : globs) {
            if (glob == null) {
                literal++;
            } else {
                chars += glob.literalChars();
            }
        }
        this.literalLabels = literal;
        this.globLiteralChars = chars;
    }

    /**
     * Compiles {@code text} (upper case is folded to lower case); throws {@link IllegalArgumentException} with a
     * message that says what is wrong.
     */
    public static HostPattern compile(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("pattern is empty");
        }
        String body = text.strip().toLowerCase(Locale.ROOT);
        boolean exact = body.startsWith("=");
        if (exact) {
            body = body.substring(1);
        }
        if (body.isEmpty() || body.length() > Hostnames.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("pattern must be 1 to " + Hostnames.MAX_NAME_LENGTH + " characters");
        }
        String[] labels = body.split("\\.", -1);
        String[] reversed = new String[labels.length];
        LabelGlob[] globs = new LabelGlob[labels.length];
        for (int i = 0; i < labels.length; i++) {
            String label = labels[labels.length - 1 - i];
            if (label.isEmpty()) {
                throw new IllegalArgumentException("pattern \"" + text + "\" has an empty label");
            }
            if (label.length() > Hostnames.MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException("pattern \"" + text + "\" has a label longer than 63");
            }
            reversed[i] = label;
            globs[i] = LabelGlob.isGlob(label) ? LabelGlob.compile(label) : literal(label, text);
        }
        for (int i = 0; i < MIN_LITERAL_SUFFIX_LABELS; i++) {
            if (i >= globs.length || globs[i] != null) {
                throw new IllegalArgumentException("pattern \"" + text + "\" must end in at least "
                        + MIN_LITERAL_SUFFIX_LABELS + " literal labels, such as example.com");
            }
        }
        return new HostPattern(text.strip(), exact, reversed, globs);
    }

    private static LabelGlob literal(String label, String text) {
        for (int i = 0; i < label.length(); i++) {
            if (!Hostnames.isNameChar(label.charAt(i))) {
                throw new IllegalArgumentException("pattern \"" + text + "\" has the character '" + label.charAt(i)
                        + "'; allowed are a-z, 0-9, '-', '_' and the glob characters * # [lo-hi]");
            }
        }
        return null;
    }

    /** The pattern as written in the catalog. */
    public String text() {
        return text;
    }

    /** True for {@code =name} patterns, which match no names below. */
    public boolean exact() {
        return exact;
    }

    int labelCount() {
        return reversedLabels.length;
    }

    /** The {@code i}-th label counted from the right. */
    String reversedLabel(int i) {
        return reversedLabels[i];
    }

    /** The glob of the {@code i}-th label counted from the right, or null when it is literal. */
    LabelGlob reversedGlob(int i) {
        return globs[i];
    }

    /** The label-aligned form without the exact marker, used to spot duplicates: {@code =a.b} and {@code a.b} differ. */
    String canonical() {
        return (exact ? "=" : "")
                + String.join(".", java.util.Arrays.asList(reversedLabels).reversed());
    }

    /**
     * Orders rules by specificity, larger is more specific: exact before suffix, then more literal labels, then more
     * labels (a glob label is more specific than none), then more literal characters inside glob labels.
     */
    long specificity() {
        return ((exact ? 1L : 0L) << 30)
                | ((long) literalLabels << 22)
                | ((long) reversedLabels.length << 14)
                | globLiteralChars;
    }

    @Override
    public String toString() {
        return text;
    }
}
