package io.banwatch.inspect.quic;

import static io.banwatch.inspect.quic.QuicBytes.concat;

import java.util.ArrayList;
import java.util.List;

/** The client Initials of one connection attempt: one DCID and SCID, packet numbers counting up from 0. */
final class ClientFlight {

    /** RFC 9000 14.1: clients pad datagrams carrying Initials to at least 1200 bytes. */
    static final int PADDED_SIZE = 1200;

    private final QuicVersion version;
    private final byte[] dcid;
    private final byte[] scid;
    private long nextPacketNumber;

    ClientFlight(QuicVersion version, byte[] dcid, byte[] scid) {
        this.version = version;
        this.dcid = dcid.clone();
        this.scid = scid.clone();
    }

    static ClientFlight v1(int seed) {
        return new ClientFlight(QuicVersion.V1, cid(seed, 8), cid(seed + 100, 3));
    }

    static byte[] cid(int seed, int length) {
        byte[] cid = new byte[length];
        for (int i = 0; i < length; i++) {
            cid[i] = (byte) (seed * 31 + i * 7);
        }
        return cid;
    }

    byte[] dcid() {
        return dcid.clone();
    }

    byte[] scid() {
        return scid.clone();
    }

    /** One Initial carrying {@code frames}, padded to 1200 bytes when they are smaller. */
    byte[] initial(byte[]... frames) {
        return builder().buildPadded(concat(frames), PADDED_SIZE);
    }

    /** One Initial per part of {@code hello} cut at {@code cuts}, each in its own padded Initial. */
    List<byte[]> split(byte[] hello, int... cuts) {
        List<byte[]> packets = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : hello.length;
            packets.add(initial(QuicBytes.crypto(hello, from, to)));
            from = to;
        }
        return packets;
    }

    /** A builder for the next packet number; callers may change it further. */
    InitialPacketBuilder builder() {
        return new InitialPacketBuilder().version(version).dcid(dcid).scid(scid).packetNumber(nextPacketNumber++, 2);
    }
}
