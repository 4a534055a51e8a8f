package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped catalog, read from the worktree's {@code config/vendors} (Maven runs tests from the project root). */
class KasperskyCatalogTest {

    private static final VendorCatalog CATALOG = CatalogLoader.load(Path.of("config/vendors/kaspersky.yaml"));
    private static final CatalogMatcher MATCHER = CatalogMatcher.of(List.of(CATALOG));
    private static final long BANNED = nanos("2024-09-29T04:00:00Z");

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource({
        "s07.upd.kaspersky.com, update, s##.upd.kaspersky.com",
        "s00.upd.kaspersky.com, update, s##.upd.kaspersky.com",
        "s19.upd.kaspersky.com, update, s##.upd.kaspersky.com",
        "p11.upd.kaspersky.com, update, p##.upd.kaspersky.com",
        "downloads.upd.kaspersky.com, update, downloads.upd.kaspersky.com",
        "new.upd.kaspersky.com, update, *.upd.kaspersky.com",
        "cm.k.kaspersky-labs.com, update, cm.k.kaspersky-labs.com",
        "dnl-19.geo.kaspersky.com, update, dnl-##.geo.kaspersky.com",
        "dnl-01.geo.kaspersky.com, update, dnl-##.geo.kaspersky.com",
        "edge.geo.kaspersky.com, update, edge.geo.kaspersky.com",
        "downloads.kaspersky-labs.com, update, downloads.kaspersky-labs.com",
        "downloads1.kaspersky-labs.com, update, downloads#.kaspersky-labs.com",
        "dnl-test.kaspersky-labs.com, update, dnl-test.kaspersky-labs.com",
        "ds.kaspersky.com, update, ds.kaspersky.com",
        "products.s.kaspersky-labs.com, update, products.s.kaspersky-labs.com",
        "aes.kaspersky-labs.com, update, aes.kaspersky-labs.com",
        "aes.s.kaspersky-labs.com, update, aes.s.kaspersky-labs.com",
        "rescuedisk.kaspersky-labs.com, update, rescuedisk.kaspersky-labs.com",
        "ksn-url-geo.kaspersky-labs.com, ksn, ksn-*-geo.kaspersky-labs.com",
        "ksn-crypto-wifiplus-geo.kaspersky-labs.com, ksn, ksn-*-geo.kaspersky-labs.com",
        "ksn-file.geoksn.kaspersky.com, ksn, ksn-*.geoksn.kaspersky.com",
        "ksn-crypto-wifiplus.geoksn.kaspersky.com, ksn, ksn-*.geoksn.kaspersky.com",
        "dc1-file.ksn.kaspersky-labs.com, ksn, dc1-file.ksn.kaspersky-labs.com",
        "mdr.ksn.kaspersky-labs.com, ksn, mdr.ksn.kaspersky-labs.com",
        "dc2.ksn.kaspersky-labs.com, ksn, *.ksn.kaspersky-labs.com",
        "ksn-new.kaspersky-labs.com, ksn, ksn-*.kaspersky-labs.com",
        "activation-v2.kaspersky.com, licensing, activation-v2.kaspersky.com",
        "refresh-bkg.activation-v2.kaspersky.com, licensing, refresh-bkg.activation-v2.kaspersky.com",
        "activation-v2.geo.kaspersky.com, licensing, activation-v2.geo.kaspersky.com",
        "activation.kaspersky.com, licensing, activation.kaspersky.com",
        "keyfile.kaspersky.com, licensing, keyfile.kaspersky.com",
        "crl.kaspersky.com, licensing, crl.kaspersky.com",
        "touch.kaspersky.com, telemetry, touch.kaspersky.com",
        "gc.kis.v2.scr.kaspersky-labs.com, telemetry, gc.kis.v2.scr.kaspersky-labs.com",
        "x.ksc.kaspersky.com, management, *.ksc.kaspersky.com",
        "opentip.kaspersky.com, threat_intel, opentip.kaspersky.com",
        "www.kaspersky.de, web, kaspersky.de",
        "kaspersky.com, web, kaspersky.com",
        "ksc.kaspersky.com, web, kaspersky.com",
        "my.kaspersky.com, web, my.kaspersky.com",
        "usa.kaspersky.com, web, usa.kaspersky.com",
        "support.kaspersky.co.uk, web, support.kaspersky.co.uk",
        "securelist.com, web, securelist.com",
        "www.kaspersky.com.au, web, kaspersky.com.au",
    })
    void classifiesDocumentedHosts(String name, String category, String rule) {
        Match match = MATCHER.matchHost(name, BANNED);
        assertThat(match).as(name).isNotNull();
        assertThat(match.vendor()).isEqualTo("kaspersky");
        assertThat(match.category().label()).isEqualTo(category);
        assertThat(match.rule()).isEqualTo(rule);
    }

    @ParameterizedTest
    @CsvSource({
        "dl.kasperskyupdates.com",
        "notkaspersky.com",
        "dnl-kaspersky.com",
        "kaspersky.com.evil.example",
        "klclick.example.com",
        "kaspersky.co",
        "ultraav.com",
    })
    void lookAlikesDoNotMatch(String name) {
        assertThat(MATCHER.matchHost(name, BANNED)).isNull();
    }

    @Test
    void phasesFollowTheBisDates() {
        PolicyPhases policy = CATALOG.policy();
        assertThat(policy.phases())
                .extracting(Phase::name, Phase::start)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("announced", "2024-06-20T00:00:00-04:00"),
                        org.assertj.core.groups.Tuple.tuple("new_business_banned", "2024-07-20T00:00:00-04:00"),
                        org.assertj.core.groups.Tuple.tuple("updates_banned", "2024-09-29T00:00:00-04:00"));
        assertThat(policy.phaseNameAt(nanos("2024-09-29T03:59:59.999999999Z"))).isEqualTo("new_business_banned");
        assertThat(policy.phaseNameAt(nanos("2024-09-29T04:00:00Z"))).isEqualTo("updates_banned");
        assertThat(policy.phaseNameAt(nanos("2024-06-20T03:59:59.999999999Z"))).isEqualTo("before_announcement");
        assertThat(policy.phaseNameAt(nanos("2024-07-20T04:00:00Z"))).isEqualTo("new_business_banned");
    }

    @Test
    void severitiesAfterTheBan() {
        PolicyPhases policy = CATALOG.policy();
        assertThat(policy.severityTable().get("updates_banned"))
                .containsEntry(Category.UPDATE, Severity.CRITICAL)
                .containsEntry(Category.KSN, Severity.CRITICAL)
                .containsEntry(Category.LICENSING, Severity.HIGH)
                .containsEntry(Category.MANAGEMENT, Severity.HIGH)
                .containsEntry(Category.TELEMETRY, Severity.MEDIUM)
                .containsEntry(Category.WEB, Severity.LOW)
                .containsEntry(Category.THREAT_INTEL, Severity.INFO);
        Match update = MATCHER.matchHost("dnl-07.geo.kaspersky.com", BANNED);
        assertThat(update.phase()).isEqualTo("updates_banned");
        assertThat(update.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void severitiesNeverDecreaseFromOnePhaseToTheNext() {
        PolicyPhases policy = CATALOG.policy();
        for (Category category : Category.values()) {
            for (int phase = 0; phase < policy.phases().size(); phase++) {
                assertThat(policy.severity(phase, category))
                        .as("%s in %s", category, policy.phaseName(phase))
                        .isGreaterThanOrEqualTo(policy.severity(phase - 1, category));
            }
        }
    }

    @Test
    void everyRuleLiesUnderADeclaredDomainAndNamesItsSource() {
        List<String> domains =
                CATALOG.domains().stream().map(d -> d.pattern().text()).toList();
        // 3 core, 33 more country sites, 4 ban-list, 6 Aegis-only, 5 historical.
        assertThat(domains).hasSize(51).contains("kaspersky.com", "kaspersky-labs.com", "kaspersky.se");
        for (HostRule rule : CATALOG.rules()) {
            String text = rule.pattern().text();
            assertThat(domains).as(text).anyMatch(d -> text.equals(d) || text.endsWith("." + d));
            assertThat(rule.source()).as(text).isNotBlank();
            assertThat(rule.description()).as(text).isNotBlank();
        }
    }

    @Test
    void updatePathsMatchOnlyInsideTheCatalog() {
        var path = io.banwatch.inspect.Observation.http(
                BANNED,
                io.banwatch.decode.Endpoint.parse("10.0.0.5", 50000),
                io.banwatch.decode.Endpoint.parse("192.0.2.1", 80),
                -1,
                -1,
                "www.kaspersky.com",
                "GET",
                "/index/u1313g.xml.dif");
        assertThat(MATCHER.match(path).category()).isEqualTo(Category.UPDATE);
        assertThat(MATCHER.match(path).rule()).isEqualTo("*/index/u<digits>g.xml*");
    }

    @Test
    void theBuiltInCopyIsTheSameCatalog() {
        VendorCatalog builtIn = CatalogLoader.loadBuiltIn("kaspersky");
        assertThat(builtIn.origin()).isEqualTo("kaspersky.yaml");
        assertThat(builtIn.rules()).hasSameSizeAs(CATALOG.rules());
        assertThat(builtIn.domains()).hasSameSizeAs(CATALOG.domains());
    }

    @Test
    void aMediumMinimumDropsUnverifiedEntries() {
        CatalogMatcher confident = CatalogMatcher.of(List.of(CATALOG), Confidence.MEDIUM);
        assertThat(confident.matchHost("www.avp.com", BANNED)).isNull();
        assertThat(confident.matchHost("telemetry.kaspersky.com", BANNED).rule())
                .isEqualTo("kaspersky.com");
        assertThat(MATCHER.matchHost("telemetry.kaspersky.com", BANNED).category())
                .isEqualTo(Category.TELEMETRY);
    }
}
