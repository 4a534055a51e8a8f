package io.banwatch.inspect.tls;

import static io.banwatch.inspect.tls.ClientHelloParser.CLIENT_HELLO;
import static io.banwatch.inspect.tls.ClientHelloParser.HANDSHAKE_HEADER_LENGTH;
import static io.banwatch.inspect.tls.ClientHelloParser.MAX_CLIENT_HELLO_BYTES;
import static io.banwatch.inspect.tls.ClientHelloParser.u16;
import static io.banwatch.inspect.tls.ClientHelloParser.u24;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.flow.StreamContext;
import io.banwatch.flow.StreamParser;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.ObservationSink;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.tls.ClientHelloResult.ClientHello;
import io.banwatch.inspect.tls.ClientHelloResult.Malformed;
import io.banwatch.inspect.tls.ClientHelloResult.NeedMoreData;

/**
 * Reads the TLS records at the start of one TCP direction and reports every ClientHello (its server name, or null) in
 * them. Handshake messages are reassembled across records by their 3-byte length first, then parsed once by
 * {@link ClientHelloParser}. One instance serves every flow of a capture thread: it keeps no state between calls,
 * and consumes only whole records that end on a handshake message boundary, so the flow layer hands back any
 * record that starts an unfinished message together with the bytes that complete it.
 */
public final class TlsStreamParser implements StreamParser {

    /** RFC 8446 5.1: content type (1), legacy_record_version (2), length (2). */
    public static final int RECORD_HEADER_LENGTH = 5;

    /** RFC 5246 6.2.3, RFC 8446 5.2: no record, even an encrypted one, carries more than 2^14 + 2048 bytes. */
    public static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;

    /**
     * A client sends one hello, or two around a HelloRetryRequest, and captures show occasional duplicates; more is
     * not a handshake. With no state between calls the cap holds for the bytes of one call, and the flow layer's
     * bound on how much of a direction it reads bounds the rest.
     */
    public static final int MAX_HELLOS_PER_DIRECTION = 4;

    /**
     * Calls that consumed records on one direction before it is given up: each consumed hellos or the
     * ChangeCipherSpec between them, so twice the hellos allowed bounds a client that keeps sending hellos.
     */
    static final int MAX_CALLS_WITH_PROGRESS = 2 * MAX_HELLOS_PER_DIRECTION;

    /**
     * Record headers allowed on top of the largest hello: 4 KiB of headers is 819 records, enough for a 64 KiB
     * hello in 16 KiB records or a typical 2 KB hello cut into records of a few bytes each.
     */
    public static final int RECORD_FRAMING_ALLOWANCE = 4096;

    private static final int MAX_PENDING_BYTES =
            HANDSHAKE_HEADER_LENGTH + MAX_CLIENT_HELLO_BYTES + RECORD_FRAMING_ALLOWANCE;

    // RFC 8446 5.1 ContentType; heartbeat is RFC 6520.
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int ALERT = 21;
    private static final int HANDSHAKE = 22;
    private static final int APPLICATION_DATA = 23;
    private static final int HEARTBEAT = 24;

    private static final int RECORD_VERSION_MAJOR = 3; // RFC 8446 5.1: legacy_record_version is 0x03xx
    private static final int MAX_SNIFFED_VERSION_MINOR = 4; // SSL 3.0 (0x0300) to TLS 1.3 (0x0304)

    private final AnomalyCounters anomalies;
    private final ObservationSink sink;
    private final TlsStats stats;

    /**
     * Handshake bytes of the records read in this call that do not yet end a message. Before a record is added it
     * holds less than one hello (whose length is checked against the cap), so one more record always fits.
     */
    private final byte[] handshake = new byte[HANDSHAKE_HEADER_LENGTH + MAX_CLIENT_HELLO_BYTES + MAX_RECORD_LENGTH];

    private int handshakeLength;

    /** Hellos parsed from records that cannot be consumed yet, because the last of them starts another message. */
    private final ClientHello[] unreported = new ClientHello[MAX_HELLOS_PER_DIRECTION];

    /** The JA4 fingerprint of each unreported hello, computed while its bytes are in {@link #handshake}. */
    private final String[] unreportedJa4 = new String[MAX_HELLOS_PER_DIRECTION];

    private final Ja4Fingerprint ja4 = new Ja4Fingerprint();

    private int unreportedCount;
    private int hellosThisCall;

    public TlsStreamParser(AnomalyCounters anomalies, ObservationSink sink) {
        this(anomalies, sink, new TlsStats());
    }

    /** A parser that adds to {@code stats}, which the parsers of several capture threads may share. */
    public TlsStreamParser(AnomalyCounters anomalies, ObservationSink sink, TlsStats stats) {
        this.anomalies = anomalies.register(TlsAnomaly.class);
        this.sink = sink;
        this.stats = stats;
    }

    public TlsStats stats() {
        return stats;
    }

    @Override
    public Sniff sniff(byte[] data, int offset, int length) {
        if (length >= 1 && data[offset] != HANDSHAKE) {
            return Sniff.NO;
        }
        if (length >= 2 && data[offset + 1] != RECORD_VERSION_MAJOR) {
            return Sniff.NO;
        }
        if (length >= 3 && (data[offset + 2] & 0xff) > MAX_SNIFFED_VERSION_MINOR) {
            return Sniff.NO;
        }
        return length >= 3 ? Sniff.YES : Sniff.NEED_MORE;
    }

    @Override
    public int parse(StreamContext context, byte[] data, int offset, int length) {
        if (context.messagesParsed() >= MAX_CALLS_WITH_PROGRESS) {
            // One parser serves every flow, so the per-direction bound counts the calls that consumed records.
            anomalies.count(TlsAnomaly.HELLO_LIMIT_REACHED);
            return DONE;
        }
        handshakeLength = 0;
        hellosThisCall = 0;
        discardUnreported();
        int end = offset + length;
        int pos = offset;
        int consumed = offset;
        while (end - pos >= RECORD_HEADER_LENGTH) {
            int recordLength = u16(data, pos + 3);
            if (data[pos + 1] != RECORD_VERSION_MAJOR) {
                anomalies.count(TlsAnomaly.RECORD_VERSION_BAD);
                return finish(context);
            }
            if (recordLength > MAX_RECORD_LENGTH) {
                anomalies.count(TlsAnomaly.RECORD_TOO_LONG);
                return finish(context);
            }
            if (end - pos - RECORD_HEADER_LENGTH < recordLength) {
                break;
            }
            if (!readRecord(data[pos] & 0xff, data, pos + RECORD_HEADER_LENGTH, recordLength)) {
                return finish(context);
            }
            pos += RECORD_HEADER_LENGTH + recordLength;
            if (handshakeLength == 0) {
                consumed = pos;
                report(context);
            }
        }
        return consumed - offset;
    }

    @Override
    public int maxPendingBytes() {
        return MAX_PENDING_BYTES;
    }

    /** Returns whether to keep reading the direction. */
    private boolean readRecord(int contentType, byte[] data, int payload, int length) {
        switch (contentType) {
            case HANDSHAKE:
                return readHandshake(data, payload, length);
            case CHANGE_CIPHER_SPEC: // RFC 8446 D.4: the middlebox-compatibility CCS before a second hello
                return outsideMessage();
            case ALERT, APPLICATION_DATA, HEARTBEAT: // the client's hellos are over
                outsideMessage();
                return false;
            default:
                anomalies.count(TlsAnomaly.RECORD_TYPE_UNKNOWN);
                return false;
        }
    }

    /** RFC 8446 5.1: handshake messages must not be interleaved with other record types. */
    private boolean outsideMessage() {
        if (handshakeLength == 0) {
            return true;
        }
        anomalies.count(TlsAnomaly.HANDSHAKE_INTERLEAVED);
        return false;
    }

    /** Appends a handshake record and parses every message it completes; returns whether to keep reading. */
    private boolean readHandshake(byte[] data, int payload, int length) {
        if (length == 0) { // RFC 8446 5.1: zero-length handshake fragments must not be sent
            anomalies.count(TlsAnomaly.RECORD_EMPTY);
            return false;
        }
        System.arraycopy(data, payload, handshake, handshakeLength, length);
        handshakeLength += length;
        int start = 0;
        while (handshakeLength - start > 0) {
            if (handshake[start] != CLIENT_HELLO) { // a ServerHello, or the client's next flight: nothing to read
                return false;
            }
            if (handshakeLength - start < HANDSHAKE_HEADER_LENGTH) {
                break;
            }
            int bodyLength = u24(handshake, start + 1);
            if (bodyLength > MAX_CLIENT_HELLO_BYTES) {
                anomalies.count(TlsAnomaly.CLIENT_HELLO_TOO_LONG);
                return false;
            }
            if (handshakeLength - start - HANDSHAKE_HEADER_LENGTH < bodyLength) {
                break;
            }
            if (!accept(ClientHelloParser.parse(handshake, start, HANDSHAKE_HEADER_LENGTH + bodyLength), start)) {
                return false;
            }
            start += HANDSHAKE_HEADER_LENGTH + bodyLength;
        }
        System.arraycopy(handshake, start, handshake, 0, handshakeLength - start);
        handshakeLength -= start;
        return true;
    }

    /** @param start where the parsed message starts in {@link #handshake} */
    private boolean accept(ClientHelloResult result, int start) {
        return switch (result) {
            case ClientHello hello -> {
                if (hellosThisCall == MAX_HELLOS_PER_DIRECTION) {
                    anomalies.count(TlsAnomaly.HELLO_LIMIT_REACHED);
                    yield false;
                }
                hellosThisCall++;
                if (hello.tolerated() != null) {
                    anomalies.count(hello.tolerated());
                }
                unreportedJa4[unreportedCount] =
                        ja4.fingerprint(handshake, start, hello.messageLength(), Ja4Fingerprint.TCP);
                unreported[unreportedCount++] = hello;
                yield true;
            }
            case Malformed malformed -> {
                anomalies.count(malformed.reason());
                yield false;
            }
            case NeedMoreData needMoreData -> false; // not reached: the whole message was handed over
        };
    }

    /** Reports what was read before the direction ends. */
    private int finish(StreamContext context) {
        report(context);
        return DONE;
    }

    private void report(StreamContext context) {
        for (int i = 0; i < unreportedCount; i++) {
            ClientHello hello = unreported[i];
            String fingerprint = unreportedJa4[i];
            unreported[i] = null;
            unreportedJa4[i] = null;
            stats.record(hello);
            if (hello.alpnTruncated()) {
                anomalies.count(TlsAnomaly.ALPN_LIST_TRUNCATED);
            }
            // A hello without a server name is reported too: the sink may attribute a name to its destination.
            sink.accept(Observation.tls(
                    context.timestampNanos(),
                    Protocol.TLS,
                    context.source(),
                    context.destination(),
                    context.vlanId(),
                    context.tunnelId(),
                    hello.serverName(),
                    hello.echOffered(),
                    fingerprint));
        }
        unreportedCount = 0;
    }

    private void discardUnreported() {
        for (int i = 0; i < unreportedCount; i++) {
            unreported[i] = null;
            unreportedJa4[i] = null;
        }
        unreportedCount = 0;
    }
}
