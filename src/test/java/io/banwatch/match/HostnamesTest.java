package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostnamesTest {

    @Test
    void lowerCasesWithRootLocaleAndStripsOneTrailingDot() {
        assertThat(Hostnames.normalize("KASPERSKY.COM.")).isEqualTo("kaspersky.com");
        assertThat(Hostnames.normalize("Dnl-01.Geo.Kaspersky.Com")).isEqualTo("dnl-01.geo.kaspersky.com");
        assertThat(Hostnames.normalize("kaspersky.com..")).isNull();
    }

    @Test
    void stripsPort() {
        assertThat(Hostnames.normalize("kaspersky.com:443")).isEqualTo("kaspersky.com");
        assertThat(Hostnames.normalize("kaspersky.com.:8080")).isEqualTo("kaspersky.com");
        assertThat(Hostnames.normalize("kaspersky.com:")).isNull();
        assertThat(Hostnames.normalize("kaspersky.com:65536")).isNull();
        assertThat(Hostnames.normalize("kaspersky.com:44a")).isNull();
    }

    @Test
    void stripsBracketsAroundIpv6Literals() {
        assertThat(Hostnames.normalize("[2001:DB8::1]")).isEqualTo("2001:db8::1");
        assertThat(Hostnames.normalize("[2001:db8::1]:443")).isEqualTo("2001:db8::1");
        assertThat(Hostnames.normalize("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThat(Hostnames.normalize("[2001:db8::1]x")).isNull();
        assertThat(Hostnames.normalize("[]")).isNull();
        assertThat(Hostnames.normalize("[fe80::1%eth0]")).isNull();
    }

    @Test
    void rejectsBytesThatCannotBeInAHostName() {
        assertThat(Hostnames.normalize("kаspersky.com")).as("Cyrillic a").isNull();
        assertThat(Hostnames.normalize("bücher.de")).isNull();
        assertThat(Hostnames.normalize("kaspersky com")).isNull();
        assertThat(Hostnames.normalize("kaspersky.com/")).isNull();
        assertThat(Hostnames.normalize("kasp\u0000ersky.com")).isNull();
        assertThat(Hostnames.normalize("xn--bcher-kva.de")).isEqualTo("xn--bcher-kva.de");
        assertThat(Hostnames.normalize("_dmarc.example.com")).isEqualTo("_dmarc.example.com");
    }

    @Test
    void rejectsEmptyNamesAndLabels() {
        assertThat(Hostnames.normalize(null)).isNull();
        assertThat(Hostnames.normalize("")).isNull();
        assertThat(Hostnames.normalize(".")).isNull();
        assertThat(Hostnames.normalize(".kaspersky.com")).isNull();
        assertThat(Hostnames.normalize("a..b")).isNull();
    }

    @Test
    void enforcesLabelAndNameLengths() {
        String label63 = "a".repeat(63);
        assertThat(Hostnames.normalize(label63 + ".com")).isEqualTo(label63 + ".com");
        assertThat(Hostnames.normalize("a" + label63 + ".com")).isNull();
        String name253 = (label63 + ".").repeat(3) + "a".repeat(61);
        assertThat(name253).hasSize(253);
        assertThat(Hostnames.normalize(name253)).isEqualTo(name253);
        assertThat(Hostnames.normalize(name253 + ".")).isEqualTo(name253);
        assertThat(Hostnames.normalize(name253 + "a")).isNull();
    }

    @Test
    void returnsTheSameInstanceWhenAlreadyNormal() {
        String name = "s07.upd.kaspersky.com";
        assertThat(Hostnames.normalize(name)).isSameAs(name);
        assertThat(Hostnames.isNormalized(name)).isTrue();
        assertThat(Hostnames.isNormalized("S07.upd.kaspersky.com")).isFalse();
    }
}
