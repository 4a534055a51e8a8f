package io.banwatch.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigException;
import io.banwatch.config.ConfigLoader;
import io.banwatch.match.CatalogException;
import io.banwatch.match.CatalogLoader;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.VendorCatalog;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two loaders of user files on text of any content: a vendor catalog and {@code banwatch.yaml} with environment
 * overrides. Each either loads or throws its one documented exception with a message; nothing else escapes (no YAML
 * library exception, no {@code NullPointerException}, no {@code StackOverflowError} from deep nesting).
 */
class LoaderFuzzTest {

    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void catalog(byte[] input) {
        VendorCatalog catalog;
        try {
            catalog = CatalogLoader.parse("fuzz.yaml", input);
        } catch (CatalogException e) {
            assertThat(e.getMessage()).startsWith("fuzz.yaml");
            return;
        }
        // A catalog that loaded compiles into a matcher and answers for any name.
        CatalogMatcher matcher = CatalogMatcher.of(List.of(catalog));
        assertThat(matcher.describeMatch("dnl-01.geo.kaspersky.com")).startsWith("dnl-01.geo.kaspersky.com\t");
    }

    /** The YAML text up to the first NUL byte; after it, {@code NAME=value} lines as the environment. */
    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void configuration(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int nul = text.indexOf('\0');
        String yaml = nul < 0 ? text : text.substring(0, nul);
        Map<String, String> environment = new HashMap<>();
        if (nul >= 0) {
            for (String line : text.substring(nul + 1).split("\n")) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    environment.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        }
        try {
            BanwatchConfig config = ConfigLoader.parse("fuzz.yaml", yaml, environment);
            assertThat(config).isNotNull();
            assertThat(config.inspect().maxFlows()).isPositive();
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
