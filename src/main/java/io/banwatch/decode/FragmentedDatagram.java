package io.banwatch.decode;

/** One datagram in a {@link FragmentTable}: its key, the pieces received so far and their bytes, placed by offset. */
final class FragmentedDatagram {
    final byte[] source = new byte[16];
    final byte[] destination = new byte[16];
    final int[] starts;
    final int[] ends;
    int hash;
    int version;
    int keyProtocol;
    int protocol;
    long identification;
    long firstSeenNanos;
    byte[] buffer;
    int totalLength;
    int received;
    int pieces;
    boolean abandoned;
    FragmentedDatagram nextInBucket;
    FragmentedDatagram older;
    FragmentedDatagram newer;

    FragmentedDatagram(int maxPieces) {
        starts = new int[maxPieces];
        ends = new int[maxPieces];
    }

    void reset(int hash, int version, int keyProtocol, long identification) {
        this.hash = hash;
        this.version = version;
        this.keyProtocol = keyProtocol;
        this.protocol = keyProtocol;
        this.identification = identification;
        totalLength = -1;
        received = 0;
        pieces = 0;
        abandoned = false;
        buffer = null;
    }
}
