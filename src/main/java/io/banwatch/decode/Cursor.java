package io.banwatch.decode;

/** The decoder's position in the bytes of one packet; reused for every packet. */
final class Cursor {

    /** The capture buffer, or a reassembly buffer once a fragmented datagram is complete. */
    byte[] data;
    /** Where the next header starts. */
    int offset;
    /** One past the last byte of the current layer: the capture end, narrowed by IP and UDP lengths. */
    int end;
    /** Set when an IP header declared more bytes than were captured, so later layers do not count it again. */
    boolean truncated;
    /** The EtherType (or PPP/SLL protocol mapped to one) for {@link Step#ETHERTYPE}. */
    int etherType;
    /** IP headers seen in this packet, to bound IP-in-IP and tunnel nesting. */
    int ipHeaders;

    void reset(byte[] frame, int captureLength) {
        data = frame;
        offset = 0;
        end = captureLength;
        truncated = false;
        etherType = 0;
        ipHeaders = 0;
    }

    int remaining() {
        return end - offset;
    }
}
