package io.banwatch.inspect.blindspot;

/**
 * The public resolvers Kaspersky products query, in this order, when their servers do not resolve through the
 * system DNS: Google 8.8.8.8, Cloudflare 1.1.1.1, Alibaba 223.6.6.6, Quad9 9.9.9.9, CleanBrowsing 185.228.168.168
 * (support.kaspersky.com/KESWin/11.6.0/de-DE/202507.htm ; support.kaspersky.com/help/KSK/Win23.0/pt-PT/237222.htm).
 * The documents name only these IPv4 addresses.
 */
final class KasperskyFallbackResolvers {

    /** As big-endian ints, in the documented order. */
    static final int[] ADDRESSES = {
        0x08080808, // 8.8.8.8
        0x01010101, // 1.1.1.1
        0xdf060606, // 223.6.6.6
        0x09090909, // 9.9.9.9
        0xb9e4a8a8, // 185.228.168.168
    };

    private KasperskyFallbackResolvers() {}

    /** Whether {@code address} (4 or 16 bytes) is one of the five. */
    static boolean contains(byte[] address) {
        if (address.length != 4) {
            return false;
        }
        int value =
                (address[0] & 0xff) << 24 | (address[1] & 0xff) << 16 | (address[2] & 0xff) << 8 | (address[3] & 0xff);
        for (int candidate : ADDRESSES) {
            if (value == candidate) {
                return true;
            }
        }
        return false;
    }
}
