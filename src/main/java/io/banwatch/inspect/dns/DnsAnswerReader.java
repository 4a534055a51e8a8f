package io.banwatch.inspect.dns;

import static io.banwatch.inspect.dns.DnsWire.u16;
import static io.banwatch.inspect.dns.DnsWire.u32;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.IpText;
import io.banwatch.inspect.DnsRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the A, AAAA and CNAME records of a DNS answer section (RFC 1035 4.1.3, RFC 3596 2.2) and skips the others
 * by RDLENGTH. A record whose names cannot be decoded is counted and skipped; the next one is still read. Not
 * thread-safe: one instance per capture thread.
 */
final class DnsAnswerReader {

    /**
     * Answers carry a handful of records and large round-robin sets a few hundred; a 64 KiB TCP message could claim
     * thousands of minimal records, which would be work and allocation for nothing the matcher needs.
     */
    static final int MAX_ANSWER_RECORDS = 256;

    private final DnsNameReader names;
    private final AnomalyCounters anomalies;
    private final byte[] ipv4 = new byte[DnsWire.IPV4_LENGTH];
    private final byte[] ipv6 = new byte[DnsWire.IPV6_LENGTH];
    private List<DnsRecord> answers;

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
        int limit = Math.min(count, MAX_ANSWER_RECORDS);
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
                addAddress(data, messageStart, messageEnd, position, "A", ttl, rdata, rdLength, ipv4);
            case DnsWire.TYPE_AAAA ->
                addAddress(data, messageStart, messageEnd, position, "AAAA", ttl, rdata, rdLength, ipv6);
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
            String type,
            long ttl,
            int rdata,
            int rdLength,
            byte[] address) {
        // RFC 1035 3.4.1: an A RDATA is 4 octets; RFC 3596 2.2: an AAAA RDATA is 16.
        if (rdLength != address.length) {
            anomalies.count(DnsAnomaly.ADDRESS_LENGTH_INVALID);
            return;
        }
        String ownerName = readName(data, messageStart, messageEnd, owner);
        if (ownerName == null) {
            return;
        }
        System.arraycopy(data, rdata, address, 0, address.length);
        add(new DnsRecord(ownerName, type, ttl, IpText.format(address)));
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
        add(new DnsRecord(ownerName, "CNAME", ttl, names.text()));
    }

    private String readName(byte[] data, int messageStart, int messageEnd, int position) {
        if (names.read(data, messageStart, messageEnd, position) < 0) {
            anomalies.count(names.failure());
            return null;
        }
        return names.text();
    }

    private void add(DnsRecord record) {
        if (answers.isEmpty()) {
            answers = new ArrayList<>();
        }
        answers.add(record);
    }
}
