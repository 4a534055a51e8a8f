package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PolicyPhasesTest {

    private final PolicyPhases policy = TestCatalogs.withRules("v").policy();

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void phaseBoundariesAreExactToTheNanosecond() {
        assertThat(policy.phaseNameAt(nanos("2024-09-29T03:59:59.999999999Z"))).isEqualTo("announced");
        assertThat(policy.phaseNameAt(nanos("2024-09-29T04:00:00Z"))).isEqualTo("updates_banned");
        assertThat(policy.phaseNameAt(nanos("2024-06-20T03:59:59.999999999Z"))).isEqualTo("before_announcement");
        assertThat(policy.phaseNameAt(nanos("2024-06-20T04:00:00Z"))).isEqualTo("announced");
        assertThat(policy.phaseNameAt(Long.MIN_VALUE)).isEqualTo("before_announcement");
        assertThat(policy.phaseNameAt(Long.MAX_VALUE)).isEqualTo("updates_banned");
    }

    @Test
    void phasesKeepTheirStartAsWrittenAndInNanos() {
        assertThat(policy.phases()).extracting(Phase::name).containsExactly("announced", "updates_banned");
        assertThat(policy.phases().get(1).start()).isEqualTo("2024-09-29T00:00:00-04:00");
        assertThat(policy.phases().get(1).startNanos()).isEqualTo(1_727_582_400_000_000_000L);
    }

    @Test
    void severityDependsOnPhaseAndCategory() {
        long banned = nanos("2024-09-29T04:00:00Z");
        long before = nanos("2024-09-29T03:59:59.999999999Z");
        assertThat(policy.severityAt(banned, Category.UPDATE)).isEqualTo(Severity.CRITICAL);
        assertThat(policy.severityAt(before, Category.UPDATE)).isEqualTo(Severity.LOW);
        assertThat(policy.severityAt(banned, Category.WEB)).isEqualTo(Severity.LOW);
        assertThat(policy.severityAt(banned, Category.THREAT_INTEL)).isEqualTo(Severity.INFO);
        assertThat(policy.severityAt(0, Category.KSN)).isEqualTo(Severity.INFO);
        assertThat(policy.severity(-1, Category.LICENSING)).isEqualTo(Severity.INFO);
        assertThat(policy.severityTable().get("updates_banned").get(Category.MANAGEMENT))
                .isEqualTo(Severity.HIGH);
    }
}
