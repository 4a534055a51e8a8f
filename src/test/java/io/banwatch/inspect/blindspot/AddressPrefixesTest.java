package io.banwatch.inspect.blindspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPrefixesTest {

    static byte[] ip(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static boolean contains(AddressPrefixes prefixes, String literal) {
        byte[] address = ip(literal);
        return prefixes.contains(address, address.length);
    }

    @Nested
    class Ipv4 {

        private final AddressPrefixes prefixes = AddressPrefixes.parse(List.of("10.0.0.0/8", "192.168.7.0/24"));

        @Test
        void matchesInsideEachPrefix() {
            assertThat(contains(prefixes, "10.0.0.0")).isTrue();
            assertThat(contains(prefixes, "10.255.255.255")).isTrue();
            assertThat(contains(prefixes, "192.168.7.53")).isTrue();
        }

        @Test
        void rejectsJustOutside() {
            assertThat(contains(prefixes, "11.0.0.0")).isFalse();
            assertThat(contains(prefixes, "9.255.255.255")).isFalse();
            assertThat(contains(prefixes, "192.168.8.1")).isFalse();
            assertThat(contains(prefixes, "192.168.6.255")).isFalse();
        }

        @Test
        void slash32IsOneAddressAndBareAddressIsSlash32() {
            AddressPrefixes one = AddressPrefixes.parse(List.of("192.0.2.53/32", "198.51.100.7"));

            assertThat(contains(one, "192.0.2.53")).isTrue();
            assertThat(contains(one, "192.0.2.52")).isFalse();
            assertThat(contains(one, "192.0.2.54")).isFalse();
            assertThat(contains(one, "198.51.100.7")).isTrue();
            assertThat(contains(one, "198.51.100.6")).isFalse();
        }

        @Test
        void slash0MatchesEveryIpv4AddressButNoIpv6() {
            AddressPrefixes all = AddressPrefixes.parse(List.of("0.0.0.0/0"));

            assertThat(contains(all, "0.0.0.0")).isTrue();
            assertThat(contains(all, "255.255.255.255")).isTrue();
            assertThat(contains(all, "2001:db8::1")).isFalse();
        }

        @Test
        void ipv4PrefixDoesNotMatchIpv6Address() {
            assertThat(contains(prefixes, "::a00:1")).isFalse();
        }
    }

    @Nested
    class Ipv6 {

        private final AddressPrefixes prefixes = AddressPrefixes.parse(List.of("2001:db8:aa::/48", "fd00::/8"));

        @Test
        void matchesInsideEachPrefix() {
            assertThat(contains(prefixes, "2001:db8:aa::")).isTrue();
            assertThat(contains(prefixes, "2001:db8:aa:ffff:ffff:ffff:ffff:ffff"))
                    .isTrue();
            assertThat(contains(prefixes, "fd12:3456::53")).isTrue();
        }

        @Test
        void rejectsJustOutside() {
            assertThat(contains(prefixes, "2001:db8:ab::")).isFalse();
            assertThat(contains(prefixes, "2001:db8:a9:ffff:ffff:ffff:ffff:ffff"))
                    .isFalse();
            assertThat(contains(prefixes, "fe00::1")).isFalse();
        }

        @Test
        void slash128IsOneAddressAndBareAddressIsSlash128() {
            AddressPrefixes one = AddressPrefixes.parse(List.of("2001:db8::53/128", "2001:db8::1:0:0:1"));

            assertThat(contains(one, "2001:db8::53")).isTrue();
            assertThat(contains(one, "2001:db8::52")).isFalse();
            assertThat(contains(one, "2001:db8::54")).isFalse();
            assertThat(contains(one, "2001:db8::1:0:0:1")).isTrue();
            assertThat(contains(one, "2001:db8::1:0:0:0")).isFalse();
        }

        @Test
        void prefixAcrossTheSixtyFourBitBoundary() {
            AddressPrefixes prefix = AddressPrefixes.parse(List.of("2001:db8:0:0:8000::/65"));

            assertThat(contains(prefix, "2001:db8::8000:0:0:1")).isTrue();
            assertThat(contains(prefix, "2001:db8::7fff:ffff:ffff:ffff")).isFalse();
        }

        @Test
        void slash0MatchesEveryIpv6AddressButNoIpv4() {
            AddressPrefixes all = AddressPrefixes.parse(List.of("::/0"));

            assertThat(contains(all, "::")).isTrue();
            assertThat(contains(all, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
            assertThat(contains(all, "10.0.0.1")).isFalse();
        }
    }

    @Nested
    class Parsing {

        @Test
        void emptyListIsEmptyAndMatchesNothing() {
            AddressPrefixes none = AddressPrefixes.parse(List.of());

            assertThat(none.isEmpty()).isTrue();
            assertThat(contains(none, "10.0.0.1")).isFalse();
            assertThat(contains(none, "::1")).isFalse();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "10.0.0.0/33",
                    "10.0.0/8",
                    "10.0.0.0.0/8",
                    "256.0.0.0/8",
                    "010.0.0.0/8",
                    "10.0.0.0/",
                    "10.0.0.0/8x",
                    "10.0.0.0/-1",
                    "10.1.0.0/8",
                    "2001:db8::/129",
                    "2001:db8::1/64",
                    "2001:db8:::1/64",
                    "fe80::1%eth0",
                    "::ffff:10.0.0.1",
                    "resolver.example",
                    "",
                    " 10.0.0.0/8"
                })
        void invalidPrefixThrowsNamingIt(String prefix) {
            assertThatThrownBy(() -> AddressPrefixes.parse(List.of("192.0.2.0/24", prefix)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + prefix + "'");
        }

        @Test
        void tooManyPrefixesThrow() {
            List<String> many = java.util.stream.IntStream.rangeClosed(0, AddressPrefixes.MAX_PREFIXES)
                    .mapToObj(i -> "10." + (i >> 8) + "." + (i & 0xff) + ".0/24")
                    .toList();

            assertThatThrownBy(() -> AddressPrefixes.parse(many))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most 256");
        }

        @Test
        void shortAddressArrayIsNotContained() {
            AddressPrefixes all = AddressPrefixes.parse(List.of("0.0.0.0/0", "::/0"));

            assertThat(all.contains(new byte[3], 4)).isFalse();
            assertThat(all.contains(new byte[8], 16)).isFalse();
        }
    }
}
