package io.banwatch.decode;

/**
 * The fields of one decoded packet that inspection needs. One instance is reused for every packet on a capture
 * thread, so it must not be kept past the call that receives it; {@code data} may be the capture buffer or a
 * reassembly buffer and is only valid for that call too.
 */
public final class DecodedPacket {

    public static final int TCP = 6;
    public static final int UDP = 17;
    /** ICMP (RFC 792) and ICMPv6 (RFC 4443): read for the errors that say a contact was refused. */
    public static final int ICMP = 1, ICMPV6 = 58;

    /** TCP flag bits (RFC 9293 section 3.1). */
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    /** Capture time in nanoseconds since the epoch. */
    public long timestampNanos;

    /** Bytes on the wire of the captured frame, as libpcap reports them. */
    public int wireLength;

    /** 4 or 6: the innermost IP header. */
    public int ipVersion;

    /** Addresses of the innermost IP header: 4 or 16 bytes used, per {@link #ipVersion}. */
    public final byte[] sourceAddress = new byte[16];

    public final byte[] destinationAddress = new byte[16];

    /** {@link #TCP}, {@link #UDP}, {@link #ICMP} or {@link #ICMPV6}. */
    public int transport;

    public int sourcePort;
    public int destinationPort;

    /** TCP only. */
    public long sequence;

    public long acknowledgement;
    public int tcpFlags;

    /** The transport payload (for ICMP the whole message): {@code data[payloadOffset, payloadOffset + payloadLength)}. */
    public byte[] data;

    public int payloadOffset;
    public int payloadLength;

    /** The outermost 802.1Q / 802.1ad VLAN id, or -1 when the frame had no tag. */
    public int vlanId = -1;

    /** An id of the tunnel or mirror encapsulation the packet came out of (VXLAN VNI, GRE key, ...), or -1. */
    public long tunnelId = -1;

    /** Resets the per-packet optional fields before decoding the next packet. */
    public void clear() {
        ipVersion = 0;
        transport = 0;
        sourcePort = 0;
        destinationPort = 0;
        sequence = 0;
        acknowledgement = 0;
        tcpFlags = 0;
        data = null;
        payloadOffset = 0;
        payloadLength = 0;
        vlanId = -1;
        tunnelId = -1;
    }

    public int addressLength() {
        return ipVersion == 6 ? 16 : 4;
    }

    public boolean isTcp() {
        return transport == TCP;
    }

    public boolean isUdp() {
        return transport == UDP;
    }

    /** An ICMP or ICMPv6 message; ports are 0 and the payload window holds the message from its type field. */
    public boolean isIcmp() {
        return transport == ICMP || transport == ICMPV6;
    }

    public boolean hasFlag(int flag) {
        return (tcpFlags & flag) != 0;
    }
}
