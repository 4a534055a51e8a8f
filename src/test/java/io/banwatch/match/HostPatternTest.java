package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HostPatternTest {

    private static final long BANNED = 1_727_582_400_000_000_000L; // 2024-09-29T04:00:00Z

    private static boolean matches(String pattern, String name) {
        CatalogMatcher matcher = CatalogMatcher.of(List.of(TestCatalogs.withRules("v", pattern + "=update")));
        return matcher.matchHost(name, BANNED) != null;
    }

    @Nested
    class Suffix {
        @Test
        void matchesTheNameAndEveryNameBelowOnLabelBoundaries() {
            assertThat(matches("kaspersky.com", "kaspersky.com")).isTrue();
            assertThat(matches("kaspersky.com", "dnl-01.geo.kaspersky.com")).isTrue();
            assertThat(matches("kaspersky.com", "notkaspersky.com")).isFalse();
            assertThat(matches("kaspersky.com", "kaspersky.com.evil.example")).isFalse();
            assertThat(matches("kaspersky.com", "kaspersky.co")).isFalse();
            assertThat(matches("kaspersky.com", "com")).isFalse();
        }

        @Test
        void upperCaseInThePatternIsFolded() {
            assertThat(matches("Kaspersky.COM", "www.kaspersky.com")).isTrue();
        }
    }

    @Nested
    class StrictlyBelow {
        @Test
        void leadingStarLabelNeedsAtLeastOneMoreLabel() {
            assertThat(matches("*.ksc.kaspersky.com", "x.ksc.kaspersky.com")).isTrue();
            assertThat(matches("*.ksc.kaspersky.com", "a.b.ksc.kaspersky.com")).isTrue();
            assertThat(matches("*.ksc.kaspersky.com", "ksc.kaspersky.com")).isFalse();
            assertThat(matches("*.ksc.kaspersky.com", "xksc.kaspersky.com")).isFalse();
        }
    }

    @Nested
    class Exact {
        @Test
        void equalsSignMatchesOnlyThatName() {
            assertThat(matches("=touch.kaspersky.com", "touch.kaspersky.com")).isTrue();
            assertThat(matches("=touch.kaspersky.com", "a.touch.kaspersky.com")).isFalse();
            assertThat(matches("=*.ksc.kaspersky.com", "x.ksc.kaspersky.com")).isTrue();
            assertThat(matches("=*.ksc.kaspersky.com", "a.x.ksc.kaspersky.com")).isFalse();
        }
    }

    @Nested
    class LabelGlobs {
        @Test
        void hashIsExactlyOneDigit() {
            assertThat(matches("s##.upd.kaspersky.com", "s07.upd.kaspersky.com"))
                    .isTrue();
            assertThat(matches("s##.upd.kaspersky.com", "s7.upd.kaspersky.com")).isFalse();
            assertThat(matches("s##.upd.kaspersky.com", "s007.upd.kaspersky.com"))
                    .isFalse();
            assertThat(matches("s##.upd.kaspersky.com", "sx7.upd.kaspersky.com"))
                    .isFalse();
            assertThat(matches("dnl-##.geo.kaspersky.com", "dnl-19.geo.kaspersky.com"))
                    .isTrue();
            assertThat(matches("dnl-##.geo.kaspersky.com", "dnl-1.geo.kaspersky.com"))
                    .isFalse();
        }

        @Test
        void rangeIsAFixedWidthNumberWithinBounds() {
            assertThat(matches("s[00-19].upd.kaspersky.com", "s00.upd.kaspersky.com"))
                    .isTrue();
            assertThat(matches("s[00-19].upd.kaspersky.com", "s19.upd.kaspersky.com"))
                    .isTrue();
            assertThat(matches("s[00-19].upd.kaspersky.com", "s20.upd.kaspersky.com"))
                    .isFalse();
            assertThat(matches("s[00-19].upd.kaspersky.com", "s1.upd.kaspersky.com"))
                    .isFalse();
            assertThat(matches("s[00-19].upd.kaspersky.com", "s019.upd.kaspersky.com"))
                    .isFalse();
            assertThat(matches("s[05-07]x.example.com", "s06x.example.com")).isTrue();
        }

        @Test
        void starInsideALabelStaysInsideThatLabel() {
            assertThat(matches("ksn-*-geo.kaspersky-labs.com", "ksn-url-geo.kaspersky-labs.com"))
                    .isTrue();
            assertThat(matches("ksn-*-geo.kaspersky-labs.com", "ksn-crypto-wifiplus-geo.kaspersky-labs.com"))
                    .isTrue();
            assertThat(matches("ksn-*-geo.kaspersky-labs.com", "ksn--geo.kaspersky-labs.com"))
                    .isTrue();
            assertThat(matches("ksn-*-geo.kaspersky-labs.com", "ksn-url.x-geo.kaspersky-labs.com"))
                    .isFalse();
            assertThat(matches("ksn-*-geo.kaspersky-labs.com", "ksn-url-geox.kaspersky-labs.com"))
                    .isFalse();
            assertThat(matches("downloads*.kaspersky-labs.com", "downloads.kaspersky-labs.com"))
                    .isTrue();
            assertThat(matches("downloads*.kaspersky-labs.com", "downloads7.kaspersky-labs.com"))
                    .isTrue();
            assertThat(matches("*-*.example.com", "a-b-c.example.com")).isTrue();
            assertThat(matches("*-*.example.com", "abc.example.com")).isFalse();
        }

        @Test
        void globLabelsStillCoverNamesBelowThem() {
            assertThat(matches("s##.upd.kaspersky.com", "a.s07.upd.kaspersky.com"))
                    .isTrue();
            assertThat(matches("=s##.upd.kaspersky.com", "a.s07.upd.kaspersky.com"))
                    .isFalse();
        }

        @Test
        void globMayStandInAMiddleLabel() {
            assertThat(matches("a.*.example.com", "a.b.example.com")).isTrue();
            assertThat(matches("a.*.example.com", "a.example.com")).isFalse();
        }
    }

    @Nested
    class Invalid {
        @Test
        void rejectsPatternsThatCouldCoverATopLevelDomain() {
            assertThatThrownBy(() -> HostPattern.compile("com")).hasMessageContaining("at least 2 literal labels");
            assertThatThrownBy(() -> HostPattern.compile("*.com")).hasMessageContaining("at least 2 literal labels");
            assertThatThrownBy(() -> HostPattern.compile("kaspersky.*")).hasMessageContaining("literal labels");
        }

        @Test
        void rejectsBadSyntax() {
            assertThatThrownBy(() -> HostPattern.compile("")).hasMessage("pattern is empty");
            assertThatThrownBy(() -> HostPattern.compile("a..example.com")).hasMessageContaining("empty label");
            assertThatThrownBy(() -> HostPattern.compile("a b.example.com")).hasMessageContaining("character ' '");
            assertThatThrownBy(() -> HostPattern.compile("s[19-00].example.com"))
                    .hasMessageContaining("range");
            assertThatThrownBy(() -> HostPattern.compile("s[0-19].example.com")).hasMessageContaining("range");
            assertThatThrownBy(() -> HostPattern.compile("s[00-19.example.com")).hasMessageContaining("without ']'");
            assertThatThrownBy(() -> HostPattern.compile("*a*b*.example.com")).hasMessageContaining("more than 2");
            assertThatThrownBy(() -> HostPattern.compile("a%.example.com")).hasMessageContaining("character '%'");
        }
    }
}
