package io.banwatch.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.DecodedPacket;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;

/**
 * What every fuzz target asserts about what came out: decoded windows inside their arrays, and observations in the
 * form matching expects (the {@link Observation} contract: names lower case, in the wire-text form the inspectors
 * write, no longer than a DNS name can make).
 */
public final class FuzzInvariants {

    /** 255 wire octets each escaped as four characters (DnsNameReader, WireText): the longest text a name becomes. */
    public static final int MAX_NAME_TEXT = 4 * 255;

    /** RFC 1035 section 4.1.1: a message's record counts are 16 bits; the reader keeps at most 256 answers. */
    public static final int MAX_ANSWERS = 256;

    private FuzzInvariants() {}

    /** A decoded packet's payload window lies in its array; fields hold what their wire widths allow. */
    public static void decodedInBounds(DecodedPacket out, byte[] frame, int captureLength) {
        assertThat(out.transport).isIn(DecodedPacket.TCP, DecodedPacket.UDP, DecodedPacket.ICMP, DecodedPacket.ICMPV6);
        assertThat(out.ipVersion).isIn(4, 6);
        assertThat(out.data).isNotNull();
        assertThat(out.payloadOffset).isNotNegative();
        assertThat(out.payloadLength).isNotNegative();
        int limit = out.data == frame ? captureLength : out.data.length;
        assertThat((long) out.payloadOffset + out.payloadLength).isLessThanOrEqualTo(limit);
        assertThat(out.sourcePort).isBetween(0, 65535);
        assertThat(out.destinationPort).isBetween(0, 65535);
        assertThat(out.sequence).isBetween(0L, 0xffffffffL);
        assertThat(out.vlanId).isBetween(-1, 4095);
    }

    public static void wellFormed(Observation o) {
        assertThat(o.transport()).isNotNull();
        assertThat(o.protocol()).isNotNull();
        assertThat(o.source()).isNotNull();
        assertThat(o.destination()).isNotNull();
        assertThat(o.source().port()).isBetween(0, 65535);
        assertThat(o.destination().port()).isBetween(0, 65535);
        assertThat(o.source().address().length).isIn(4, 16);
        assertThat(o.destination().address().length).isIn(4, 16);
        wireName(o.name());
        if (o.protocol() == Protocol.DNS) {
            assertThat(o.dns()).isNotNull();
            if (o.dns().answers() != null) {
                assertThat(o.dns().answers()).hasSizeLessThanOrEqualTo(MAX_ANSWERS);
                for (DnsRecord answer : o.dns().answers()) {
                    wireName(answer.name());
                    assertThat(answer.typeName()).isNotBlank();
                    assertThat(answer.data()).isNotNull();
                }
            }
        } else {
            assertThat(o.dns()).isNull();
        }
        if (o.protocol() == Protocol.HTTP) {
            assertThat(o.httpMethod()).isNotBlank();
            assertThat(o.urlPath()).isNotNull();
            if (o.name() != null) {
                // RFC 3986 section 3.2.2 reg-name or an IP literal, lower case, without port or trailing dot.
                assertThat(o.name()).matches("[a-z0-9\\-._~%!$&'()*+,;=:]+").doesNotEndWith(".");
            }
        }
    }

    /** Null, or printable ASCII without upper case: every other octet is escaped, so no name can forge a log line. */
    public static void wireName(String name) {
        if (name == null) {
            return;
        }
        assertThat(name).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_NAME_TEXT);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            assertThat(c >= 0x21 && c <= 0x7e && !(c >= 'A' && c <= 'Z'))
                    .as("character %d of %s", i, name)
                    .isTrue();
        }
    }
}
