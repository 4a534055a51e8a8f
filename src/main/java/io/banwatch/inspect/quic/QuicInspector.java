package io.banwatch.inspect.quic;

import static io.banwatch.inspect.tls.ClientHelloParser.CLIENT_HELLO;
import static io.banwatch.inspect.tls.ClientHelloParser.HANDSHAKE_HEADER_LENGTH;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.ObservationSink;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.quic.ConnectionKey.Side;
import io.banwatch.inspect.tls.ClientHelloParser;
import io.banwatch.inspect.tls.ClientHelloResult;
import io.banwatch.inspect.tls.ClientHelloResult.ClientHello;
import io.banwatch.inspect.tls.ClientHelloResult.Malformed;
import io.banwatch.inspect.tls.Ja4Fingerprint;
import io.banwatch.inspect.tls.TlsAnomaly;
import io.banwatch.inspect.tls.TlsStats;
import java.util.SplittableRandom;

/**
 * Reads the client Initial packets of QUIC v1 and v2 connections (RFC 9000, RFC 9001, RFC 9369), reassembles their
 * CRYPTO data and reports the ClientHello's server name once per connection. Not thread-safe (it reuses ciphers,
 * buffers and its connection table): one instance per capture thread.
 */
public final class QuicInspector {

    /**
     * RFC 9000 12.2 coalesces packets of different encryption levels into one datagram: Initial, 0-RTT, Handshake
     * and a 1-RTT tail at most; 8 leaves room for a repeated level and bounds the walk.
     */
    static final int MAX_PACKETS_PER_DATAGRAM = 8;

    /**
     * RFC 9000 14.1: a client pads every UDP datagram that carries an Initial to at least 1,200 bytes, and a server
     * discards a smaller one, so a smaller one can start no connection.
     */
    static final int MIN_INITIAL_DATAGRAM = 1_200;

    private final AnomalyCounters anomalies;
    private final ObservationSink sink;
    private final TlsStats tlsStats;
    private final LongHeader header = new LongHeader();
    private final InitialKeyDerivation derivation = new InitialKeyDerivation();
    private final InitialPacketOpener opener = new InitialPacketOpener(derivation);
    private final InitialSourceBudget sourceBudget;
    private final InitialKeyCache keyCache;
    private final Ja4Fingerprint ja4 = new Ja4Fingerprint();
    private final CryptoFrameReader frames;
    private final ConnectionTable connections;

    /** An inspector with {@link QuicLimits#DEFAULT}; {@code tlsStats} may be null. */
    public QuicInspector(AnomalyCounters anomalies, ObservationSink sink, TlsStats tlsStats) {
        this(anomalies, sink, tlsStats, QuicLimits.DEFAULT);
    }

    public QuicInspector(AnomalyCounters anomalies, ObservationSink sink, TlsStats tlsStats, QuicLimits limits) {
        this(anomalies, sink, tlsStats, limits, new SplittableRandom());
    }

    /**
     * An inspector whose direct-mapped tables take their hash salts from {@code salts}: random in a sensor, so that
     * nobody can choose connection IDs or addresses that collide; fixed in a test that must know whether two
     * connection IDs share a key-cache slot.
     */
    QuicInspector(
            AnomalyCounters anomalies,
            ObservationSink sink,
            TlsStats tlsStats,
            QuicLimits limits,
            SplittableRandom salts) {
        this.anomalies = anomalies.register(QuicAnomaly.class).register(TlsAnomaly.class);
        this.sink = sink;
        this.tlsStats = tlsStats;
        this.frames = new CryptoFrameReader(anomalies);
        this.connections = new ConnectionTable(limits, anomalies);
        this.keyCache = new InitialKeyCache(anomalies, salts.nextLong());
        this.sourceBudget = new InitialSourceBudget(salts.nextLong());
    }

    /**
     * Whether a datagram starts with a QUIC long header (RFC 9000 section 17.2: header form and fixed bit) of a
     * version this inspector reads, so that a caller can leave naming such a flow to it.
     */
    public static boolean startsKnownLongHeader(byte[] data, int offset, int length) {
        int end = offset + length;
        return LongHeader.startsLongHeader(data, offset, end)
                && length >= 5
                && QuicVersion.of(LongHeader.readVersion(data, offset)) != null;
    }

    /**
     * A UDP datagram, {@code packet.data[payloadOffset, +payloadLength)}. Anything that does not start with a QUIC
     * long header is rejected from its first byte, without counting, so every non-DNS datagram may be passed here.
     */
    public void inspectDatagram(DecodedPacket packet) {
        byte[] data = packet.data;
        int pos = packet.payloadOffset;
        int end = pos + packet.payloadLength;
        if (!LongHeader.startsLongHeader(data, pos, end)) { // RFC 9000 17.2: header form and fixed bit
            return;
        }
        connections.expire(packet.timestampNanos);
        for (int count = 0; ; count++) {
            if (count == MAX_PACKETS_PER_DATAGRAM) {
                anomalies.count(QuicAnomaly.TOO_MANY_COALESCED_PACKETS);
                return;
            }
            QuicVersion version = version(data, pos, end);
            if (version == null) {
                return;
            }
            QuicAnomaly malformed = header.read(data, pos, end, version);
            if (malformed != null) {
                anomalies.count(malformed);
                return;
            }
            if (header.isInitial()) {
                inspectInitial(packet, data, end - packet.payloadOffset);
            }
            pos = header.packetEnd; // RFC 9000 12.2: the next coalesced packet starts after this one's Length
            // a short-header packet ends the walk, and so do the zeros some stacks pad a datagram with
            if (!LongHeader.startsLongHeader(data, pos, end)) {
                return;
            }
        }
    }

    /** The version of the long header at {@code pos}, or null (counted) when it cannot be inspected. */
    private QuicVersion version(byte[] data, int pos, int end) {
        if (end - pos < 5) {
            anomalies.count(QuicAnomaly.HEADER_TRUNCATED);
            return null;
        }
        int wire = LongHeader.readVersion(data, pos);
        QuicVersion version = QuicVersion.of(wire);
        if (version == null) {
            if (wire == 0) {
                anomalies.count(QuicAnomaly.VERSION_NEGOTIATION);
            } else if (QuicVersion.isReserved(wire)) {
                anomalies.count(QuicAnomaly.VERSION_RESERVED);
            } else {
                anomalies.count(QuicAnomaly.VERSION_UNSUPPORTED);
            }
        }
        return version;
    }

    private void inspectInitial(DecodedPacket packet, byte[] data, int datagramLength) {
        long now = packet.timestampNanos;
        int addressLength = packet.addressLength();
        QuicConnection connection = connections.find(
                Side.CLIENT,
                packet.sourceAddress,
                addressLength,
                packet.sourcePort,
                data,
                header.dcidOffset,
                header.dcidLength);
        if (connection == null && serverInitialOfKnownConnection(packet, data)) {
            return;
        }
        if (connection != null && connection.done) { // a retransmission, or an Initial after the hello
            connections.touch(connection, now);
            return;
        }
        // Cheap checks first: each refuses what no server would read, before any key is derived.
        if (datagramLength < MIN_INITIAL_DATAGRAM) {
            anomalies.count(QuicAnomaly.INITIAL_DATAGRAM_TOO_SMALL);
            return;
        }
        if (header.packetEnd - header.packetNumberOffset
                < InitialPacketOpener.MAX_PACKET_NUMBER_LENGTH + InitialPacketOpener.SAMPLE_LENGTH) {
            anomalies.count(QuicAnomaly.SAMPLE_TRUNCATED); // RFC 9001 5.4.2: no header protection sample
            return;
        }
        // RFC 9001 5.2: the keys come from the first Initial's DCID and stay when the client switches DCID
        InitialKeys keys = connection != null && connection.keys.version() == header.version
                ? connection.keys
                : keysFor(packet, data, addressLength);
        if (keys == null) {
            return;
        }
        long largest = connection == null ? -1 : connection.largestPacketNumber;
        QuicAnomaly failure = opener.open(data, header, keys, largest);
        if (failure != null) {
            anomalies.count(failure);
            return;
        }
        if (connection == null) {
            connection = openConnection(packet, data, keys, addressLength, now);
        } else {
            connections.touch(connection, now);
        }
        connection.largestPacketNumber = Math.max(largest, opener.packetNumber());
        if (!frames.read(opener.plaintext(), 0, opener.plaintextLength(), connection.crypto, connections.budget())) {
            connections.finish(connection);
            return;
        }
        completeHello(packet, connection);
    }

    /** The keys of the current header's DCID: cached, or derived within the sender's budget; null when refused. */
    private InitialKeys keysFor(DecodedPacket packet, byte[] data, int addressLength) {
        InitialKeys keys = keyCache.find(header.version, data, header.dcidOffset, header.dcidLength);
        if (keys != null) {
            return keys;
        }
        if (!sourceBudget.take(packet.sourceAddress, addressLength, packet.timestampNanos)) {
            anomalies.count(QuicAnomaly.SOURCE_BUDGET_EXCEEDED);
            return null;
        }
        keys = keyCache.claim(header.version, data, header.dcidOffset, header.dcidLength);
        derivation.deriveHeaderProtection(header.version, data, header.dcidOffset, header.dcidLength, keys);
        return keys;
    }

    /**
     * Whether this Initial is a server's, to a client whose connection is known: it carries the ServerHello, so it is
     * skipped without decrypting, and its Source Connection ID becomes the client's next DCID (RFC 9000 7.2).
     */
    private boolean serverInitialOfKnownConnection(DecodedPacket packet, byte[] data) {
        int addressLength = packet.addressLength();
        QuicConnection connection = connections.find(
                Side.SERVER,
                packet.destinationAddress,
                addressLength,
                packet.destinationPort,
                data,
                header.dcidOffset,
                header.dcidLength);
        if (connection == null) {
            return false;
        }
        connections.touch(connection, packet.timestampNanos);
        connections.alias(
                connection,
                Side.CLIENT,
                packet.destinationAddress,
                addressLength,
                packet.destinationPort,
                data,
                header.scidOffset,
                header.scidLength);
        return true;
    }

    private QuicConnection openConnection(
            DecodedPacket packet, byte[] data, InitialKeys keys, int addressLength, long now) {
        QuicConnection connection = connections.open(
                packet.sourceAddress,
                addressLength,
                packet.sourcePort,
                data,
                header.dcidOffset,
                header.dcidLength,
                keys.copy(), // the cache reuses its slot's keys for the next DCID that maps there
                now);
        // RFC 9000 7.2: the server's Initials are addressed to the client's Source Connection ID
        connections.alias(
                connection,
                Side.SERVER,
                packet.sourceAddress,
                addressLength,
                packet.sourcePort,
                data,
                header.scidOffset,
                header.scidLength);
        return connection;
    }

    /** Parses the ClientHello once its bytes from offset 0 are all there, reports it and ends the connection. */
    private void completeHello(DecodedPacket packet, QuicConnection connection) {
        int available = connection.crypto.contiguousLength();
        if (available < HANDSHAKE_HEADER_LENGTH) {
            return;
        }
        byte[] bytes = connection.crypto.buffer();
        // RFC 8446 4: msg_type (1) and a 3-byte length; a ClientHello is complete when all of it is contiguous
        int messageLength =
                HANDSHAKE_HEADER_LENGTH + ((bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | bytes[3] & 0xff);
        if (bytes[0] == CLIENT_HELLO && messageLength <= CryptoStream.MAX_BYTES && available < messageLength) {
            return;
        }
        ClientHelloResult result = ClientHelloParser.parse(bytes, 0, available);
        switch (result) {
            case ClientHello hello -> {
                if (hello.tolerated() != null) {
                    anomalies.count(hello.tolerated());
                }
                report(packet, hello, ja4.fingerprint(bytes, 0, hello.messageLength(), Ja4Fingerprint.QUIC));
            }
            case Malformed malformed -> anomalies.count(malformed.reason());
            case ClientHelloResult.NeedMoreData needMoreData -> {
                return; // not reached: the whole message is there
            }
        }
        connections.finish(connection);
    }

    private void report(DecodedPacket packet, ClientHello hello, String fingerprint) {
        if (tlsStats != null) {
            tlsStats.record(hello);
        }
        if (hello.alpnTruncated()) {
            anomalies.count(TlsAnomaly.ALPN_LIST_TRUNCATED);
        }
        int addressLength = packet.addressLength();
        sink.accept(Observation.tls(
                packet.timestampNanos,
                Protocol.QUIC,
                Endpoint.of(packet.sourceAddress, addressLength, packet.sourcePort),
                Endpoint.of(packet.destinationAddress, addressLength, packet.destinationPort),
                packet.vlanId,
                packet.tunnelId,
                hello.serverName(), // null when the hello had none: the sink may attribute a name to the server
                hello.echOffered(),
                fingerprint));
    }

    /** Connections tracked now, for tests. */
    int trackedConnections() {
        return connections.size();
    }

    /** Reassembly bytes held now, for tests. */
    long bufferedBytes() {
        return connections.budget().used();
    }
}
