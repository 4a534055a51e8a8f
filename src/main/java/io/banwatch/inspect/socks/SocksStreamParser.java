package io.banwatch.inspect.socks;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.flow.StreamContext;
import io.banwatch.flow.StreamParser;

/**
 * Follows a client's SOCKS handshake (SOCKS5, RFC 1928, with RFC 1929 username/password; SOCKS4 and 4a) to the
 * point where the proxy tunnel opens, so that the TLS ClientHello or HTTP request sent through the proxy is read
 * like any other. Only the client's direction is read: the greeting, an optional sub-negotiation, then the request.
 */
public final class SocksStreamParser implements StreamParser {

    private static final int SOCKS4 = 4, SOCKS5 = 5;

    /** RFC 1928 section 3 allows 255 methods; a request's domain is at most 255 bytes (section 5). */
    private static final int MAX_SOCKS5_MESSAGE = 4 + 1 + 255 + 2;

    /** SOCKS4 has no length fields: the user id and the 4a host name end at a NUL, so their length needs a cap. */
    private static final int MAX_SOCKS4_FIELD = 255;

    private static final int MAX_PENDING = 2 * (8 + MAX_SOCKS4_FIELD + 1);

    private final AnomalyCounters anomalies;

    public SocksStreamParser(AnomalyCounters anomalies) {
        this.anomalies = anomalies.register(SocksAnomaly.class);
    }

    @Override
    public Sniff sniff(byte[] data, int offset, int length) {
        if (length < 2) {
            return length == 1 && (data[offset] == SOCKS5 || data[offset] == SOCKS4) ? Sniff.NEED_MORE : Sniff.NO;
        }
        int version = data[offset], second = data[offset + 1] & 0xff;
        if (version == SOCKS5 && second >= 1) {
            return Sniff.YES; // greeting: VER NMETHODS METHODS (RFC 1928 section 3)
        }
        if (version == SOCKS4 && (second == 1 || second == 2)) {
            return Sniff.YES; // VN CD DSTPORT DSTIP USERID NUL: CONNECT or BIND
        }
        return Sniff.NO;
    }

    @Override
    public int parse(StreamContext context, byte[] data, int offset, int length) {
        if (data[offset] == SOCKS4 && context.messagesParsed() == 0) {
            return socks4(context, data, offset, length);
        }
        if (context.messagesParsed() == 0) {
            // Greeting: VER NMETHODS METHODS[NMETHODS].
            int size = 2 + (data[offset + 1] & 0xff);
            return length < size ? 0 : size;
        }
        return socks5Message(context, data, offset, length);
    }

    /** After the greeting: an RFC 1929 sub-negotiation, or the request that opens the tunnel. */
    private int socks5Message(StreamContext context, byte[] data, int offset, int length) {
        if (data[offset] == 1) {
            // RFC 1929 section 2: VER=1 ULEN UNAME PLEN PASSWD.
            if (length < 2) {
                return 0;
            }
            int passwordLengthAt = 2 + (data[offset + 1] & 0xff);
            if (length <= passwordLengthAt) {
                return 0;
            }
            int size = passwordLengthAt + 1 + (data[offset + passwordLengthAt] & 0xff);
            return length < size ? 0 : size;
        }
        if (data[offset] != SOCKS5) {
            anomalies.count(SocksAnomaly.UNEXPECTED_MESSAGE);
            return DONE;
        }
        // RFC 1928 section 4: VER CMD RSV ATYP DST.ADDR DST.PORT.
        if (length < 5) {
            return 0;
        }
        int size = switch (data[offset + 3]) {
            case 1 -> 4 + 4 + 2;
            case 3 -> 4 + 1 + (data[offset + 4] & 0xff) + 2;
            case 4 -> 4 + 16 + 2;
            default -> -1;
        };
        if (size < 0) {
            anomalies.count(SocksAnomaly.ADDRESS_TYPE_UNKNOWN);
            return DONE;
        }
        if (length < size) {
            return 0;
        }
        if (data[offset + 1] != 1) {
            return DONE; // BIND and UDP ASSOCIATE carry no client stream through this connection
        }
        context.tunnelOpened();
        return size;
    }

    /** SOCKS4: VN CD DSTPORT(2) DSTIP(4) USERID NUL, and for 4a (DSTIP 0.0.0.x) HOSTNAME NUL. */
    private int socks4(StreamContext context, byte[] data, int offset, int length) {
        if (length < 9) {
            return 0;
        }
        int end = terminator(data, offset + 8, offset + length);
        if (end == -2) {
            anomalies.count(SocksAnomaly.SOCKS4_FIELD_TOO_LONG);
            return DONE;
        }
        if (end < 0) {
            return 0;
        }
        boolean socks4a =
                data[offset + 4] == 0 && data[offset + 5] == 0 && data[offset + 6] == 0 && data[offset + 7] != 0;
        if (socks4a) {
            end = terminator(data, end + 1, offset + length);
            if (end == -2) {
                anomalies.count(SocksAnomaly.SOCKS4_FIELD_TOO_LONG);
                return DONE;
            }
            if (end < 0) {
                return 0;
            }
        }
        if (data[offset + 1] != 1) {
            return DONE;
        }
        context.tunnelOpened();
        return end + 1 - offset;
    }

    /** The index of the NUL ending a field that starts at {@code from}: -1 if not there yet, -2 past the cap. */
    private static int terminator(byte[] data, int from, int end) {
        int limit = Math.min(end, from + MAX_SOCKS4_FIELD + 1);
        for (int i = from; i < limit; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return limit == end ? -1 : -2;
    }

    @Override
    public int maxPendingBytes() {
        return Math.max(MAX_PENDING, MAX_SOCKS5_MESSAGE);
    }
}
