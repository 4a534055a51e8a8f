package io.banwatch.inspect.blindspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DohResolverNamesTest {

    private final DohResolverNames builtIn = DohResolverNames.withExtra(List.of());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "dns.google",
                "dns.google.com",
                "cloudflare-dns.com",
                "mozilla.cloudflare-dns.com",
                "one.one.one.one",
                "1dot1dot1dot1.cloudflare-dns.com",
                "dns.quad9.net",
                "dns11.quad9.net",
                "doh.opendns.com",
                "dns.adguard-dns.com",
                "dns.nextdns.io",
                "doh.cleanbrowsing.org",
                "dns.alidns.com",
                "doh.pub",
                "dns.twnic.tw"
            })
    void builtInNamesMatchThemselves(String name) {
        assertThat(builtIn.matches(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dns64.dns.google", "security.cloudflare-dns.com", "abc123.dns.nextdns.io", "x.doh.pub"})
    void subdomainsOfAnEntryMatch(String name) {
        assertThat(builtIn.matches(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "notdns.google",
                "xdns.google.com",
                "google",
                "dns.google.evil.example",
                "cloudflare-dns.com.example",
                "quad9.net",
                "www.quad9.net",
                "dns13.quad9.net",
                "pub",
                "adoh.pub",
                ".doh.pub",
                "a..doh.pub",
                "kaspersky.com",
                ""
            })
    void unalignedOrUnrelatedNamesDoNotMatch(String name) {
        assertThat(builtIn.matches(name)).isFalse();
    }

    @Test
    void nullDoesNotMatch() {
        assertThat(builtIn.matches(null)).isFalse();
    }

    @Test
    void extraNamesAreNormalisedAndMatchLabelAligned() {
        DohResolverNames names = DohResolverNames.withExtra(List.of("DoH.Corp.Example.", "resolver.test"));

        assertThat(names.matches("doh.corp.example")).isTrue();
        assertThat(names.matches("eu.doh.corp.example")).isTrue();
        assertThat(names.matches("xdoh.corp.example")).isFalse();
        assertThat(names.matches("resolver.test")).isTrue();
        assertThat(names.names()).endsWith("doh.corp.example", "resolver.test");
        assertThat(names.names()).hasSize(DohResolverNames.BUILT_IN.size() + 2);
    }

    @Test
    void duplicateExtraNamesAreKeptOnce() {
        DohResolverNames names = DohResolverNames.withExtra(List.of("dns.google", "DNS.GOOGLE."));

        assertThat(names.names()).hasSize(DohResolverNames.BUILT_IN.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a..b", "*.doh.example", "doh example", "https://doh.example/dns-query"})
    void invalidExtraNameThrowsNamingIt(String name) {
        assertThatThrownBy(() -> DohResolverNames.withExtra(List.of(name)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @Test
    void labelOver63CharactersIsInvalid() {
        String name = "a".repeat(64) + ".example";

        assertThatThrownBy(() -> DohResolverNames.withExtra(List.of(name)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name);
    }

    @Test
    void builtInListIsWellFormedAndDistinct() {
        assertThat(DohResolverNames.BUILT_IN).doesNotHaveDuplicates();
        assertThat(DohResolverNames.withExtra(DohResolverNames.BUILT_IN).names())
                .containsExactlyElementsOf(DohResolverNames.BUILT_IN);
    }
}
