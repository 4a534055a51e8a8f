package io.banwatch.inspect;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The A, AAAA and CNAME records of one DNS answer section, packed: one {@code long} per record (TTL, type, owner name
 * and data as indexes), the address bytes of all records in one array and each distinct name once. Immutable. As a
 * {@code List<DnsRecord>} it makes a {@link DnsRecord} only when one is asked for (an event is written, a test
 * compares), so that learning addresses from a flood of answers costs three arrays per answer instead of two objects
 * per record. The per-packet readers use the {@code ...Of} accessors, which read either form without allocating.
 */
public final class DnsAnswers extends AbstractList<DnsRecord> implements RandomAccess {

    /**
     * 4,096 records: the packing's bounds (a 16-bit address offset, a 14-bit name index); the DNS reader stops at a
     * far lower cap per message.
     */
    public static final int MAX_RECORDS = 4096;

    public static final DnsAnswers EMPTY = new DnsAnswers(new long[0], new byte[0], new String[0]);

    // A record's long: TTL in bits 0-31 (RFC 2181 8: unsigned), type code in 32-33, owner name index in 34-47, and in
    // 48-63 the offset of its address in the address bytes (A, AAAA) or the index of its target name (CNAME).
    private static final int TYPE_SHIFT = 32;
    private static final int OWNER_SHIFT = 34;
    private static final int DATA_SHIFT = 48;
    private static final int OWNER_MASK = (1 << 14) - 1;
    private static final int CODE_A = 0, CODE_AAAA = 1, CODE_CNAME = 2;

    private final long[] records;
    private final byte[] addresses;
    private final String[] names;

    private DnsAnswers(long[] records, byte[] addresses, String[] names) {
        this.records = records;
        this.addresses = addresses;
        this.names = names;
    }

    @Override
    public int size() {
        return records.length;
    }

    /** Makes record {@code index} as an object; the packed accessors read it without one. */
    @Override
    public DnsRecord get(int index) {
        long record = records[index];
        String owner = names[owner(record)];
        long ttl = record & 0xffffffffL;
        if (code(record) == CODE_CNAME) {
            return DnsRecord.cname(owner, ttl, names[data(record)]);
        }
        int offset = data(record);
        return DnsRecord.address(owner, ttl, Arrays.copyOfRange(addresses, offset, offset + length(code(record))));
    }

    /** Record {@code index}'s RFC 1035 type number: {@link DnsRecord#A}, {@link DnsRecord#AAAA} or CNAME. */
    public int type(int index) {
        return switch (code(records[index])) {
            case CODE_A -> DnsRecord.A;
            case CODE_AAAA -> DnsRecord.AAAA;
            default -> DnsRecord.CNAME;
        };
    }

    public long ttl(int index) {
        return records[index] & 0xffffffffL;
    }

    /** Record {@code index}'s owner name. */
    public String name(int index) {
        return names[owner(records[index])];
    }

    /** A CNAME record's target, else null. */
    public String target(int index) {
        long record = records[index];
        return code(record) == CODE_CNAME ? names[data(record)] : null;
    }

    /** 4 (A), 16 (AAAA) or 0 (CNAME). */
    public int addressLength(int index) {
        return length(code(records[index]));
    }

    /** Where record {@code index}'s address starts in {@link #addressBytes()}. */
    public int addressOffset(int index) {
        return data(records[index]);
    }

    /** The address bytes of every address record, each at its {@link #addressOffset}; callers must not modify them. */
    public byte[] addressBytes() {
        return addresses;
    }

    // Read either form, the packed one without allocating: the per-packet path meets packed answers only, while tests
    // and tools build observations from lists of records.

    public static int typeOf(List<DnsRecord> answers, int index) {
        return answers instanceof DnsAnswers packed
                ? packed.type(index)
                : answers.get(index).type();
    }

    public static long ttlOf(List<DnsRecord> answers, int index) {
        return answers instanceof DnsAnswers packed
                ? packed.ttl(index)
                : answers.get(index).ttl();
    }

    public static String nameOf(List<DnsRecord> answers, int index) {
        return answers instanceof DnsAnswers packed
                ? packed.name(index)
                : answers.get(index).name();
    }

    public static String targetOf(List<DnsRecord> answers, int index) {
        return answers instanceof DnsAnswers packed
                ? packed.target(index)
                : answers.get(index).target();
    }

    /** 4, 16, or 0 when the record is not an address record. */
    public static int addressLengthOf(List<DnsRecord> answers, int index) {
        if (answers instanceof DnsAnswers packed) {
            return packed.addressLength(index);
        }
        byte[] address = answers.get(index).address();
        return address == null ? 0 : address.length;
    }

    /** The array that holds record {@code index}'s address at {@link #addressOffsetOf}; null for a CNAME record. */
    public static byte[] addressBytesOf(List<DnsRecord> answers, int index) {
        if (answers instanceof DnsAnswers packed) {
            return packed.addressLength(index) == 0 ? null : packed.addresses;
        }
        return answers.get(index).address();
    }

    public static int addressOffsetOf(List<DnsRecord> answers, int index) {
        return answers instanceof DnsAnswers packed ? packed.addressOffset(index) : 0;
    }

    private static int code(long record) {
        return (int) (record >>> TYPE_SHIFT) & 3;
    }

    private static int owner(long record) {
        return (int) (record >>> OWNER_SHIFT) & OWNER_MASK;
    }

    private static int data(long record) {
        return (int) (record >>> DATA_SHIFT);
    }

    private static int length(int code) {
        return switch (code) {
            case CODE_A -> 4;
            case CODE_AAAA -> 16;
            default -> 0;
        };
    }

    /**
     * The reusable form a DNS reader fills while it walks one message, then {@link #build()}s into the answers an
     * observation carries. Every array is sized once, at construction, so reading a message allocates nothing until
     * the answers are built. Not thread-safe: one per reader.
     */
    public static final class Builder {

        private final long[] records;
        private final byte[] addresses;
        private final String[] names;
        private int size;
        private int addressLength;
        private int nameCount;

        /**
         * @param capacity records one message may add, at most {@link #MAX_RECORDS}; the names hold one owner and one
         *     target per record and a question
         */
        public Builder(int capacity) {
            if (capacity < 1 || capacity > MAX_RECORDS) {
                throw new IllegalArgumentException("capacity must be in [1, " + MAX_RECORDS + "]: " + capacity);
            }
            records = new long[capacity];
            addresses = new byte[capacity * 16];
            names = new String[2 * capacity + 1];
        }

        /** Forgets the records and names of the last message. */
        public void clear() {
            Arrays.fill(names, 0, nameCount, null); // the strings of the last message go with it
            size = 0;
            addressLength = 0;
            nameCount = 0;
        }

        public int size() {
            return size;
        }

        /** Whether another record, or another two names, would not fit. */
        public boolean isFull() {
            return size == records.length || nameCount > names.length - 2;
        }

        /** Adds a name for records to refer to; returns its index. Call only when not {@link #isFull()}. */
        public int addName(String name) {
            names[nameCount] = name;
            return nameCount++;
        }

        /** The name at {@code index}, as added. */
        public String name(int index) {
            return names[index];
        }

        /**
         * Adds an A record ({@code length} 4) or an AAAA record ({@code length} 16) whose address is {@code
         * data[offset, offset + length)}. Call only when not {@link #isFull()}.
         */
        public void addAddress(int owner, long ttl, byte[] data, int offset, int length) {
            if (length != 4 && length != 16) {
                throw new IllegalArgumentException("an address has 4 or 16 bytes: " + length);
            }
            System.arraycopy(data, offset, addresses, addressLength, length);
            add(length == 4 ? CODE_A : CODE_AAAA, owner, ttl, addressLength);
            addressLength += length;
        }

        /** Adds a CNAME record whose target is the name at {@code target}. Call only when not {@link #isFull()}. */
        public void addCname(int owner, long ttl, int target) {
            checkName(target);
            add(CODE_CNAME, owner, ttl, target);
        }

        /** The answers read: a copy of exactly what was added, or {@link #EMPTY}. */
        public DnsAnswers build() {
            if (size == 0) {
                return EMPTY;
            }
            return new DnsAnswers(
                    Arrays.copyOf(records, size),
                    Arrays.copyOf(addresses, addressLength),
                    Arrays.copyOf(names, nameCount));
        }

        private void add(int code, int owner, long ttl, int data) {
            checkName(owner);
            if (size == records.length) {
                throw new IllegalStateException("no room for another record: " + size);
            }
            records[size++] = (ttl & 0xffffffffL)
                    | (long) code << TYPE_SHIFT
                    | (long) owner << OWNER_SHIFT
                    | (long) data << DATA_SHIFT;
        }

        private void checkName(int index) {
            if (index < 0 || index >= nameCount) {
                throw new IndexOutOfBoundsException("no name " + index + " of " + nameCount);
            }
        }
    }
}
