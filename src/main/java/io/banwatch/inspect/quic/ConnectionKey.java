package io.banwatch.inspect.quic;

import java.util.Arrays;

/**
 * A connection ID as one side uses it, qualified by the client's address and port: the table key of a connection
 * in progress. Mutable so that one probe instance serves every lookup; the table stores copies.
 */
final class ConnectionKey {

    /** Which side sends packets that carry this connection ID as their destination. */
    enum Side {
        CLIENT,
        SERVER
    }

    private final byte[] clientAddress = new byte[16];
    private final byte[] cid = new byte[LongHeader.MAX_CID_LENGTH];
    private int addressLength;
    private int clientPort;
    private int cidLength;
    private Side side;
    private int hash;

    /** Sets every field; {@code cidLength} is at most {@link LongHeader#MAX_CID_LENGTH} (checked by the header). */
    ConnectionKey set(
            Side side, byte[] address, int addressLength, int port, byte[] data, int cidOffset, int cidLength) {
        this.side = side;
        System.arraycopy(address, 0, clientAddress, 0, addressLength);
        Arrays.fill(clientAddress, addressLength, clientAddress.length, (byte) 0);
        this.addressLength = addressLength;
        this.clientPort = port;
        System.arraycopy(data, cidOffset, cid, 0, cidLength);
        Arrays.fill(cid, cidLength, cid.length, (byte) 0);
        this.cidLength = cidLength;
        int h = side.ordinal();
        h = 31 * h + Arrays.hashCode(clientAddress);
        h = 31 * h + addressLength;
        h = 31 * h + port;
        h = 31 * h + Arrays.hashCode(cid);
        this.hash = 31 * h + cidLength;
        return this;
    }

    ConnectionKey copy() {
        return new ConnectionKey().set(side, clientAddress, addressLength, clientPort, cid, 0, cidLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionKey other
                && hash == other.hash
                && side == other.side
                && clientPort == other.clientPort
                && addressLength == other.addressLength
                && cidLength == other.cidLength
                && Arrays.equals(clientAddress, other.clientAddress)
                && Arrays.equals(cid, other.cid);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
