package io.banwatch.event;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The event JSON's writer: UTF-8 straight into one growable array that the caller reuses, field names encoded once
 * ({@link Name}), and no state beyond the nesting depth.
 *
 * <p>Strings are escaped exactly as Jackson's {@code UTF8JsonGenerator} does by default, so that the bytes are those
 * that every earlier version wrote (observations files and stored rows are compared as text): {@code \"}, {@code \\},
 * {@code \b \t \n \f \r}, other control characters as {@code \}{@code u00XX} (upper-case hex), and every UTF-16
 * surrogate, paired or not, as its own {@code \}{@code uXXXX} escape (RFC 8259 section 7 allows both); everything
 * else as UTF-8. A general-purpose generator checks the document's structure on every call and, for a stored event,
 * went through a filter as well: one event cost several objects and a large compiled method per call site, which the
 * per-event path paid on every replay.
 */
public final class JsonOutput {

    /** A field name, with its quotes and colon, as bytes. Names are ASCII that needs no escaping. */
    public static final class Name {
        private final byte[] bytes;

        private Name(byte[] bytes) {
            this.bytes = bytes;
        }

        /**
         * @throws IllegalArgumentException for a name that is not printable ASCII or that holds a quote or backslash
         */
        public static Name of(String name) {
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    throw new IllegalArgumentException("JSON field name needs escaping: " + name);
                }
            }
            return new Name(('"' + name + "\":").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public String toString() {
            return new String(bytes, 1, bytes.length - 3, StandardCharsets.US_ASCII);
        }
    }

    /** Nesting depth: the event JSON nests four deep; one bit per level says whether it already has a member. */
    private static final int MAX_DEPTH = 63;

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /**
     * The escape of each ASCII character: 0 for none, 'u' for a six-character escape (backslash, u, four hex digits),
     * else the letter that follows the backslash.
     */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private byte[] bytes;
    private int size;
    private int depth;
    private long hasMember; // bit d: the container at depth d has a member, so the next one needs a comma

    /** @param capacity the initial size of the array, which grows as needed */
    public JsonOutput(int capacity) {
        this.bytes = new byte[Math.max(16, capacity)];
    }

    /** Forgets what was written, keeping the array. */
    public JsonOutput reset() {
        size = 0;
        depth = 0;
        hasMember = 0;
        return this;
    }

    /** Bytes written since the last reset. */
    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /**
     * The object written since the last reset (it must be one complete object) with {@code name: value} put first
     * among its members, in one array: for a member that only one reader of the object wants, known to the caller
     * but not to whoever wrote the rest.
     *
     * @param value at least zero
     */
    public byte[] toByteArrayWithFirstMember(Name name, long value) {
        byte[] out = new byte[sizeWithFirstMember(name, value)];
        copyWithFirstMemberTo(name, value, out, 0);
        return out;
    }

    /** The length of {@link #toByteArrayWithFirstMember}'s array, for a caller that copies into an array of its own. */
    public int sizeWithFirstMember(Name name, long value) {
        if (size < 2 || bytes[0] != '{' || value < 0) {
            throw new IllegalStateException("not one object, or a negative value");
        }
        return size + name.bytes.length + digits(value) + (size > 2 ? 1 : 0);
    }

    /**
     * Copies what {@link #toByteArrayWithFirstMember} returns into {@code out} at {@code at}, which must have room for
     * {@link #sizeWithFirstMember} bytes.
     *
     * @return the offset after the copy
     */
    public int copyWithFirstMemberTo(Name name, long value, byte[] out, int at) {
        int end = at + sizeWithFirstMember(name, value);
        boolean more = size > 2; // the object has members of its own, which follow after a comma
        out[at++] = '{';
        System.arraycopy(name.bytes, 0, out, at, name.bytes.length);
        at += name.bytes.length + digits(value);
        writeDigits(out, at, value);
        if (more) {
            out[at++] = ',';
        }
        System.arraycopy(bytes, 1, out, at, size - 1);
        return end;
    }

    /**
     * Copies the bytes written since the last reset into {@code out} at {@code at}, which must have room for
     * {@link #size()} bytes.
     *
     * @return the offset after the copy
     */
    public int copyTo(byte[] out, int at) {
        System.arraycopy(bytes, 0, out, at, size);
        return at + size;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    /** Starts an object at the top level or as an array element. */
    public void startObject() {
        member();
        open('{');
    }

    public void startObject(Name name) {
        name(name);
        open('{');
    }

    public void endObject() {
        close('}');
    }

    public void startArray(Name name) {
        name(name);
        open('[');
    }

    public void endArray() {
        close(']');
    }

    /** A string field; a null value is written as JSON null. */
    public void field(Name name, String value) {
        name(name);
        if (value == null) {
            append(NULL);
        } else {
            quoted(value);
        }
    }

    public void field(Name name, long value) {
        name(name);
        ensure(20);
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                append(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
                return;
            }
            bytes[size++] = '-';
            value = -value;
        }
        size += digits(value);
        writeDigits(bytes, size, value);
    }

    /** Decimal digits of a value of at least zero. */
    private static int digits(long value) {
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes a value of at least zero in decimal, its last digit just before {@code end}. */
    private static void writeDigits(byte[] into, int end, long value) {
        do {
            into[--end] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
    }

    public void field(Name name, boolean value) {
        name(name);
        append(value ? TRUE : FALSE);
    }

    private void name(Name name) {
        member();
        append(name.bytes);
    }

    private void member() {
        long bit = 1L << depth;
        if ((hasMember & bit) != 0) {
            ensure(1);
            bytes[size++] = ',';
        }
        hasMember |= bit;
    }

    private void open(char bracket) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        ensure(1);
        bytes[size++] = (byte) bracket;
        depth++;
        hasMember &= ~(1L << depth);
    }

    private void close(char bracket) {
        if (depth == 0) {
            throw new IllegalStateException("no JSON object or array is open");
        }
        depth--;
        ensure(1);
        bytes[size++] = (byte) bracket;
    }

    private void quoted(String value) {
        int length = value.length();
        ensure(length * 6 + 2); // the longest form of a character is a six-byte escape
        byte[] out = bytes;
        int at = size;
        out[at++] = '"';
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    out[at++] = (byte) c;
                } else {
                    out[at++] = '\\';
                    if (escape == 'u') {
                        at = unicodeEscape(out, at, c);
                    } else {
                        out[at++] = escape;
                    }
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xc0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                out[at++] = '\\';
                at = unicodeEscape(out, at, c);
            } else {
                out[at++] = (byte) (0xe0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        out[at++] = '"';
        size = at;
    }

    /** {@code uXXXX} after a backslash already written. */
    private static int unicodeEscape(byte[] out, int at, char c) {
        out[at++] = 'u';
        out[at++] = HEX[(c >> 12) & 0xf];
        out[at++] = HEX[(c >> 8) & 0xf];
        out[at++] = HEX[(c >> 4) & 0xf];
        out[at++] = HEX[c & 0xf];
        return at;
    }

    private void append(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    private void ensure(int more) {
        if (bytes.length - size < more) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
