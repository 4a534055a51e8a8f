package io.banwatch.inspect.dns;

import static io.banwatch.inspect.dns.DnsWire.u16;
import static io.banwatch.inspect.dns.DnsWire.u32;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.DnsRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the A, AAAA and CNAME records of a DNS answer section (RFC 1035 4.1.3, RFC 3596 2.2) and skips the others
 * by RDLENGTH. A record whose names cannot be decoded is counted and skipped; the next one is still read. Not
 * thread-safe: one instance per capture thread.
 */
final class DnsAnswerReader {

    /**
     * Answers carry a handful of records and large round-robin sets a few dozen (a 512-byte UDP answer holds at most
     * 31 A records); a message of 200 or, over TCP, thousands of minimal records would be work and allocation for
     * nothing the matcher needs, so the records considered per message stop at 128.
     */
    static final int MAX_ANSWER_RECORDS = 128;

    /**
     * Owner names remembered per message: the records of one answer name the question and a few CNAME targets, each
     * through a compression pointer to the same place, so each distinct owner is decoded once.
     */
    static final int OWNER_NAMES = 8;

    private final DnsNameReader names;
    private final AnomalyCounters anomalies;
    private final int[] ownerOffsets = new int[OWNER_NAMES];
    private final String[] ownerNames = new String[OWNER_NAMES];
    private int owners;
    private List<DnsRecord> answers;
    private int expectedRecords;

    DnsAnswerReader(DnsNameReader names, AnomalyCounters anomalies) {
        this.names = names;
        this.anomalies = anomalies;
    }

    /**
     * Reads up to {@code count} records starting at {@code position} of the message {@code data[messageStart,
     * messageEnd)}; stops at the first record whose end cannot be found.
     *
     * @return the A, AAAA and CNAME records read, in wire order; an immutable empty list when there are none
     */
    List<DnsRecord> read(byte[] data, int messageStart, int messageEnd, int position, int count) {
        answers = List.of();
        owners = 0;
        int limit = Math.min(count, MAX_ANSWER_RECORDS);
        expectedRecords = limit;
        int cursor = position;
        int read = 0;
        while (read < limit && cursor >= 0) {
            cursor = readRecord(data, messageStart, messageEnd, cursor);
            read++;
        }
        if (cursor >= 0 && count > MAX_ANSWER_RECORDS) {
            anomalies.count(DnsAnomaly.TOO_MANY_RECORDS);
        }
        List<DnsRecord> result = answers;
        answers = null;
        for (int i = 0; i < owners; i++) {
            ownerNames[i] = null;
        }
        return result;
    }

    /** Returns the offset of the next record, or -1 when this one's end cannot be found. */
    private int readRecord(byte[] data, int messageStart, int messageEnd, int position) {
        int nameEnd = names.skip(data, messageEnd, position);
        if (nameEnd < 0) {
            anomalies.count(names.failure());
            return -1;
        }
        if (messageEnd - nameEnd < DnsWire.RECORD_FIXED_LENGTH) {
            anomalies.count(DnsAnomaly.RECORD_TRUNCATED);
            return -1;
        }
        int type = u16(data, nameEnd);
        long ttl = u32(data, nameEnd + 4); // RFC 2181 8: an unsigned 32-bit number of seconds
        int rdLength = u16(data, nameEnd + 8);
        int rdata = nameEnd + DnsWire.RECORD_FIXED_LENGTH;
        if (rdLength > messageEnd - rdata) {
            anomalies.count(DnsAnomaly.RECORD_TRUNCATED);
            return -1;
        }
        int next = rdata + rdLength;
        switch (type) {
            case DnsWire.TYPE_A ->
                addAddress(data, messageStart, messageEnd, position, ttl, rdata, rdLength, DnsWire.IPV4_LENGTH);
            case DnsWire.TYPE_AAAA ->
                addAddress(data, messageStart, messageEnd, position, ttl, rdata, rdLength, DnsWire.IPV6_LENGTH);
            case DnsWire.TYPE_CNAME -> addCname(data, messageStart, messageEnd, position, ttl, rdata, next);
            default -> {
                // Not needed to attribute flows to names: skipped by RDLENGTH.
            }
        }
        return next;
    }

    private void addAddress(
            byte[] data,
            int messageStart,
            int messageEnd,
            int owner,
            long ttl,
            int rdata,
            int rdLength,
            int addressLength) {
        // RFC 1035 3.4.1: an A RDATA is 4 octets; RFC 3596 2.2: an AAAA RDATA is 16.
        if (rdLength != addressLength) {
            anomalies.count(DnsAnomaly.ADDRESS_LENGTH_INVALID);
            return;
        }
        String ownerName = readName(data, messageStart, messageEnd, owner);
        if (ownerName == null) {
            return;
        }
        // the bytes as they are: formatted only if an event with this record is written
        add(DnsRecord.address(ownerName, ttl, Arrays.copyOfRange(data, rdata, rdata + addressLength)));
    }

    private void addCname(byte[] data, int messageStart, int messageEnd, int owner, long ttl, int rdata, int next) {
        String ownerName = readName(data, messageStart, messageEnd, owner);
        if (ownerName == null) {
            return;
        }
        int targetEnd = names.read(data, messageStart, messageEnd, rdata); // RFC 1035 3.3.1: RDATA is one name
        if (targetEnd < 0) {
            anomalies.count(names.failure());
            return;
        }
        if (targetEnd > next) {
            anomalies.count(DnsAnomaly.RDATA_NAME_OVERRUN);
            return;
        }
        add(DnsRecord.cname(ownerName, ttl, names.text()));
    }

    /**
     * The owner name at {@code position}, decoded once per message: an owner that is a compression pointer is known by
     * its target, so the records of a round-robin set share one string.
     */
    private String readName(byte[] data, int messageStart, int messageEnd, int position) {
        int key = position;
        if (position + 1 < messageEnd && (data[position] & 0xc0) == 0xc0) {
            key = messageStart + ((data[position] & 0x3f) << 8 | data[position + 1] & 0xff);
        }
        for (int i = 0; i < owners; i++) {
            if (ownerOffsets[i] == key) {
                return ownerNames[i];
            }
        }
        if (names.read(data, messageStart, messageEnd, position) < 0) {
            anomalies.count(names.failure());
            return null;
        }
        String name = names.text();
        if (owners < OWNER_NAMES) {
            ownerOffsets[owners] = key;
            ownerNames[owners++] = name;
        }
        return name;
    }

    private void add(DnsRecord record) {
        if (answers.isEmpty()) {
            answers = new ArrayList<>(expectedRecords); // sized once: ANCOUNT, at most the cap
        }
        answers.add(record);
    }
}
