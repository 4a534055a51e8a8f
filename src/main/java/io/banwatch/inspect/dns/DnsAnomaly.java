package io.banwatch.inspect.dns;

import io.banwatch.decode.Anomaly;
import java.util.Locale;

/** Why the DNS inspector skipped a message, a question or a record. */
public enum DnsAnomaly implements Anomaly {
    /** Fewer than the 12 header bytes (RFC 1035 4.1.1). */
    MESSAGE_TOO_SHORT,
    /** A question's QTYPE and QCLASS run past the message end. */
    QUESTION_TRUNCATED,
    /** A resource record's fixed fields or RDATA run past the message end. */
    RECORD_TRUNCATED,
    /** A label or pointer of a name runs past the message end. */
    NAME_TRUNCATED,
    /** A name longer than 255 octets on the wire (RFC 1035 2.3.4). */
    NAME_TOO_LONG,
    /**
     * A name read through a compression pointer to itself or to a later place in the message: not what RFC 1035 4.1.4
     * compressors write, but what receivers follow; the name was still reported.
     */
    NAME_POINTER_FORWARD,
    /** A compression pointer to a place the same name already jumped to: a loop; the name was refused. */
    NAME_POINTER_LOOP,
    /** A compression pointer beyond the message end. */
    NAME_POINTER_OUT_OF_BOUNDS,
    /** More compression pointers in one name than {@link DnsNameReader#MAX_POINTER_HOPS}. */
    NAME_TOO_MANY_POINTERS,
    /** A label type of 01 (extended, RFC 6891 section 5) or 10 (reserved): no length can be known. */
    LABEL_TYPE_RESERVED,
    /** More questions than {@link DnsInspector#MAX_QUESTIONS}; the rest are not reported. */
    TOO_MANY_QUESTIONS,
    /** More answer records than {@link DnsAnswerReader#MAX_ANSWER_RECORDS}; the rest are not read. */
    TOO_MANY_RECORDS,
    /** An A record whose RDATA is not 4 octets or an AAAA record whose RDATA is not 16 (RFC 1035 3.4.1, RFC 3596 2.2). */
    ADDRESS_LENGTH_INVALID,
    /** A CNAME target that ends after its record's RDATA. */
    RDATA_NAME_OVERRUN,
    /** A TCP length prefix of zero (RFC 1035 4.2.2): no DNS message is empty, so the stream is not DNS. */
    TCP_MESSAGE_EMPTY;

    private final String reason = name().toLowerCase(Locale.ROOT);

    @Override
    public String layer() {
        return "dns";
    }

    @Override
    public String reason() {
        return reason;
    }
}
