package io.banwatch.inspect.dns;

import static io.banwatch.inspect.dns.DnsWire.u16;
import static io.banwatch.inspect.dns.DnsWire.u32;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.DnsAnswers;

/**
 * Reads the A, AAAA and CNAME records of a DNS answer section (RFC 1035 4.1.3, RFC 3596 2.2) into a reused
 * {@link DnsAnswers.Builder} and skips the others by RDLENGTH. A record whose names cannot be decoded is counted and
 * skipped; the next one is still read. Each distinct name of a message is decoded once ({@link MessageNames}), so an
 * answer of a hundred addresses for one name makes one string, not a hundred. Not thread-safe: one instance per
 * capture thread.
 */
final class DnsAnswerReader {

    /**
     * Answers carry a handful of records and large round-robin sets a few dozen (a 512-byte UDP answer holds at most
     * 31 A records); a message of 200 or, over TCP, thousands of minimal records would be work and allocation for
     * nothing the matcher needs, so the records considered per message stop at 128.
     */
    static final int MAX_ANSWER_RECORDS = 128;

    private final DnsNameReader names;
    private final AnomalyCounters anomalies;
    private final DnsAnswers.Builder answers = new DnsAnswers.Builder(MAX_ANSWER_RECORDS);
    private final MessageNames decoded = new MessageNames();

    DnsAnswerReader(DnsNameReader names, AnomalyCounters anomalies) {
        this.names = names;
        this.anomalies = anomalies;
    }

    /**
     * Reads up to {@code count} records starting at {@code position} of the message {@code data[messageStart,
     * messageEnd)}; stops at the first record whose end cannot be found.
     *
     * @param question where the first question's name stands, or -1 when there is none; records whose owner points
     *     there share {@code questionName} instead of decoding it again
     * @return the A, AAAA and CNAME records read, in wire order; {@link DnsAnswers#EMPTY} when there are none
     */
    DnsAnswers read(
            byte[] data, int messageStart, int messageEnd, int position, int count, int question, String questionName) {
        answers.clear();
        decoded.clear();
        if (question >= 0 && questionName != null) {
            decoded.put(question, answers.addName(questionName));
        }
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
        DnsAnswers result = answers.build();
        answers.clear(); // no string of this message stays reachable from the reader
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
        int ownerName = name(data, messageStart, messageEnd, owner, Integer.MAX_VALUE);
        if (ownerName < 0) {
            return;
        }
        // the bytes as they are: formatted only if an event with this record is written
        answers.addAddress(ownerName, ttl, data, rdata, addressLength);
    }

    private void addCname(byte[] data, int messageStart, int messageEnd, int owner, long ttl, int rdata, int next) {
        int ownerName = name(data, messageStart, messageEnd, owner, Integer.MAX_VALUE);
        if (ownerName < 0) {
            return;
        }
        int target = name(data, messageStart, messageEnd, rdata, next); // RFC 1035 3.3.1: RDATA is one name
        if (target < 0) {
            return;
        }
        answers.addCname(ownerName, ttl, target);
    }

    /**
     * The index of the name at {@code position}, decoded once per message: a name that is a compression pointer is
     * known by its target, so the records of a round-robin set, and a CNAME target and the owner of the record after
     * it, share one string.
     *
     * @param end where the name must end (a CNAME's RDATA); a name read past it is counted and refused
     * @return the name's index in the builder, or -1 with the reason counted
     */
    private int name(byte[] data, int messageStart, int messageEnd, int position, int end) {
        int key = position;
        boolean pointer = position + 1 < messageEnd && (data[position] & 0xc0) == 0xc0;
        if (pointer) {
            key = messageStart + ((data[position] & 0x3f) << 8 | data[position + 1] & 0xff);
        }
        // A pointer ends its name two octets on, wherever it leads; a name of labels decoded before at this place is
        // reused where no end is imposed (an owner), since where it ended then is not kept.
        if (pointer ? position + 2 <= end : end == Integer.MAX_VALUE) {
            int known = decoded.get(key);
            if (known >= 0) {
                return known;
            }
        }
        int nameEnd = names.read(data, messageStart, messageEnd, position);
        if (nameEnd < 0) {
            anomalies.count(names.failure());
            return -1;
        }
        if (nameEnd > end) {
            anomalies.count(DnsAnomaly.RDATA_NAME_OVERRUN);
            return -1;
        }
        int index = answers.addName(names.text());
        decoded.put(key, index);
        return index;
    }
}
