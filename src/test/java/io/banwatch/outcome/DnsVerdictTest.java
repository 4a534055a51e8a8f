package io.banwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DNS answers to queries for vendor names: RFC 1035 RCODEs and sinkhole addresses. */
class DnsVerdictTest {

    private static final Sinkholes SINKHOLES = Sinkholes.of(List.of("10.0.0.1", "2001:DB8:0:0::1"));

    private static Observation.Dns answer(String rcode, DnsRecord... records) {
        return new Observation.Dns(Observation.DnsMessageType.ANSWER, 1, "A", rcode, List.of(records));
    }

    private static DnsRecord a(String address) {
        return DnsRecord.parse("dnl-01.geo.kaspersky.com", address.contains(":") ? "AAAA" : "A", 300, address);
    }

    @Test
    void errorCodesAreBlocks() {
        assertThat(DnsVerdict.of(answer("NXDOMAIN"), SINKHOLES).reason()).isEqualTo(OutcomeReason.DNS_NXDOMAIN);
        assertThat(DnsVerdict.of(answer("REFUSED"), SINKHOLES).reason()).isEqualTo(OutcomeReason.DNS_REFUSED);
        assertThat(DnsVerdict.of(answer("SERVFAIL"), SINKHOLES).reason()).isEqualTo(OutcomeReason.DNS_SERVFAIL);
        assertThat(DnsVerdict.of(answer("SERVFAIL"), SINKHOLES).outcome()).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void sinkholeAnswersAreBlocks() {
        for (String sink : List.of("0.0.0.0", "::", "127.0.0.1", "127.53.0.9", "::1", "10.0.0.1", "2001:db8::1")) {
            assertThat(DnsVerdict.of(answer("NOERROR", a(sink)), SINKHOLES).reason())
                    .as(sink)
                    .isEqualTo(OutcomeReason.DNS_SINKHOLE);
        }
    }

    @Test
    void oneRealAddressMeansTheNameResolved() {
        var outcome = DnsVerdict.of(answer("NOERROR", a("0.0.0.0"), a("198.51.100.4")), SINKHOLES);
        assertThat(outcome.outcome()).isEqualTo(Outcome.CONNECTED);
        assertThat(outcome.reason()).isEqualTo(OutcomeReason.DNS_ANSWER);
    }

    @Test
    void noAddressOrAnotherCodeTellsNothing() {
        assertThat(DnsVerdict.of(
                                answer("NOERROR", DnsRecord.parse("a.kaspersky.com", "CNAME", 60, "b.kaspersky.com")),
                                SINKHOLES)
                        .outcome())
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(DnsVerdict.of(answer("FORMERR"), SINKHOLES).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(DnsVerdict.of(answer(null), SINKHOLES).outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void aSinkholeThatIsNoAddressIsAConfigurationError() {
        assertThatThrownBy(() -> Sinkholes.of(List.of("sinkhole.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sinkhole.example");
    }
}
