package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathPatternTest {

    @Test
    void digitsTokenMatchesOneOrMoreDigits() {
        PathPattern index = PathPattern.compile("*/index/u<digits>g.xml*");
        assertThat(index.matches("/index/u1313g.xml")).isTrue();
        assertThat(index.matches("/index/u1313g.xml.dif")).isTrue();
        assertThat(index.matches("/bases/index/u0g.xml.klz")).isTrue();
        assertThat(index.matches("/index/ug.xml")).isFalse();
        assertThat(index.matches("/index/u13a3g.xml")).isFalse();
        assertThat(index.matches("/index/u1313g.xm")).isFalse();
        assertThat(index.matches("/Index/U1313G.XML"))
                .as("ASCII case is ignored")
                .isTrue();
    }

    @Test
    void starMatchesAcrossSlashesAndSuffixesAnchorAtTheEnd() {
        PathPattern klz = PathPattern.compile("*.klz");
        assertThat(klz.matches("/updaters/updater.xml.klz")).isTrue();
        assertThat(klz.matches("/a.klz/b")).isFalse();
        assertThat(klz.matches(".klz")).isTrue();
        PathPattern updater = PathPattern.compile("*/updaters/updater.xml*");
        assertThat(updater.matches("/updaters/updater.xml.dif")).isTrue();
        assertThat(updater.matches("/x/updaters/updater.xml")).isTrue();
        assertThat(updater.matches("/updaters/updater.xm")).isFalse();
    }

    @Test
    void backtracksToTheLastStar() {
        PathPattern pattern = PathPattern.compile("*/u<digits>g.xml");
        assertThat(pattern.matches("/u1/u22g.xml")).isTrue();
        assertThat(pattern.matches("/u12x3/u4g.xml")).isTrue();
        assertThat(pattern.matches("/u12g.xml/x")).isFalse();
    }

    @Test
    void rejectsAmbiguousDigitRunsAndControlCharacters() {
        assertThatThrownBy(() -> PathPattern.compile("/u<digits>1")).hasMessageContaining("followed by a digit");
        assertThatThrownBy(() -> PathPattern.compile("/a b")).hasMessageContaining("space");
        assertThatThrownBy(() -> PathPattern.compile(" ")).hasMessage("pattern is empty");
    }
}
