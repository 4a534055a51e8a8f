package io.banwatch.decode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** One side of a connection: an IPv4 or IPv6 address and a port. */
public final class Endpoint {

    private final byte[] address;
    private final int port;
    /**
     * {@link #ip()}, made on first use: an event's addresses are written several times (the client host, the event
     * JSON, the store's row), on the pipeline's thread, never on the capture thread. Racy but safe, as {@code
     * String.hashCode} is: every thread that makes it makes the same immutable string.
     */
    private String text;

    private Endpoint(byte[] address, int port) {
        this.address = address;
        this.port = port;
    }

    /** Copies {@code length} (4 or 16) address bytes, so the source buffer may be reused. */
    public static Endpoint of(byte[] address, int length, int port) {
        return new Endpoint(Arrays.copyOf(address, length), port);
    }

    public static Endpoint parse(String ip, int port) {
        try {
            return new Endpoint(InetAddress.getByName(ip).getAddress(), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + ip, e);
        }
    }

    /** The address bytes; callers must not modify them. */
    public byte[] address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** The address in its usual text form: dotted quad, or RFC 5952 compressed IPv6. */
    public String ip() {
        String ip = text;
        if (ip == null) {
            ip = IpText.format(address);
            text = ip;
        }
        return ip;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint other && port == other.port && Arrays.equals(address, other.address);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(address) + port;
    }

    @Override
    public String toString() {
        return address.length == 16 ? "[" + ip() + "]:" + port : ip() + ":" + port;
    }
}
