package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalog's {@code alerts} section: which categories raise an alert in which phase. */
class AlertPolicyCatalogTest {

    private static final String RULES =
            "rules:\n  - {pattern: upd.example.com, category: update, description: d," + " source: s}\n";

    @Test
    void withoutTheSectionUpdateAndKsnAlertOnceUpdatesAreBanned() {
        PolicyPhases policy =
                TestCatalogs.parse(TestCatalogs.header("v") + RULES).policy();

        assertThat(policy.alertTable()).containsOnlyKeys("updates_banned");
        assertThat(policy.alerts("updates_banned", Category.UPDATE)).isTrue();
        assertThat(policy.alerts("updates_banned", Category.KSN)).isTrue();
        assertThat(policy.alerts("updates_banned", Category.LICENSING)).isFalse();
        assertThat(policy.alerts("announced", Category.UPDATE)).isFalse();
    }

    @Test
    void theSectionSaysWhichCategoriesAlertInWhichPhase() {
        String yaml = TestCatalogs.header("v")
                + "alerts:\n  announced: [licensing]\n  updates_banned: [update, ksn, management]\n" + RULES;
        PolicyPhases policy = TestCatalogs.parse(yaml).policy();

        assertThat(policy.alertTable().get("updates_banned"))
                .isEqualTo(Set.of(Category.UPDATE, Category.KSN, Category.MANAGEMENT));
        assertThat(policy.alerts("announced", Category.LICENSING)).isTrue();
        assertThat(policy.alerts("announced", Category.UPDATE)).isFalse();
        assertThat(policy.alerts("before_announcement", Category.UPDATE)).isFalse();
    }

    @Test
    void anEmptySectionTurnsAlertsOff() {
        PolicyPhases policy = TestCatalogs.parse(TestCatalogs.header("v") + "alerts: {}\n" + RULES)
                .policy();

        assertThat(policy.alerts("updates_banned", Category.UPDATE)).isFalse();
    }

    @Test
    void errorsNameTheKeyPath() {
        String yaml = TestCatalogs.header("v") + "alerts:\n  update_banned: [update]\n  updates_banned: [update, ksm,"
                + " update]\n" + RULES;

        assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                .isInstanceOf(CatalogException.class)
                .hasMessage("test.yaml: alerts.update_banned: not a phase; expected one of before_announcement,"
                        + " announced, updates_banned\n"
                        + "test.yaml: alerts.updates_banned[1]: \"ksm\" is not one of update, ksn, licensing,"
                        + " management, telemetry, web, threat_intel\n"
                        + "test.yaml: alerts.updates_banned[2]: \"update\" is listed twice");
    }

    @Test
    void theShippedCatalogAlertsOnUpdateAndKsnAfterTheBan() {
        PolicyPhases policy = CatalogLoader.loadBuiltIn("kaspersky").policy();

        assertThat(policy.alertTable()).containsOnlyKeys("updates_banned");
        assertThat(policy.alertTable().get("updates_banned")).isEqualTo(Set.of(Category.UPDATE, Category.KSN));
    }
}
