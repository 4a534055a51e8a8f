package io.banwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The replay's JVM options are written in three places: the checkout's launcher, the Debian package's launcher, and
 * the package build's training run, which makes the package's start-up cache. They must agree: a JVM refuses an AOT
 * cache made with another collector, so a package whose training run kept an old option would start without its cache,
 * silently, on every command.
 */
class LauncherOptionsTest {

    // A JVM option of the replay settings: -X..., -XX:..., with ${BANWATCH_HEAP:-384m} taken at its default.
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])-X[\\w:+=.\\-]+");

    // What each file adds that is not a replay setting: the cache's own options and its quieting.
    private static final Set<String> CACHE_OPTIONS = Set.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-Xlog:aot=off");

    private static Set<String> options(String line) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = OPTION.matcher(line.replace("${BANWATCH_HEAP:-384m}", "384m"));
        while (m.find()) {
            String option = m.group();
            if (!CACHE_OPTIONS.contains(option) && !option.startsWith("-XX:AOTCache")) {
                found.add(option);
            }
        }
        return found;
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(Path.of(file));
    }

    /** bin/banwatch: the defaults, the parallel collector swapped for the serial one, and the replay's additions. */
    private static Set<String> checkoutLauncher() throws IOException {
        Set<String> opts = new LinkedHashSet<>();
        for (String line : lines("bin/banwatch")) {
            String code = line.strip();
            if (code.startsWith("default_opts=\"-X")) {
                opts.addAll(options(code));
            } else if (code.startsWith("default_opts=\"${default_opts/-XX:+UseParallelGC/")) {
                opts.remove("-XX:+UseParallelGC");
                opts.addAll(options(code.substring(code.indexOf("UseParallelGC/") + "UseParallelGC/".length())));
            } else if (code.startsWith("default_opts=\"$default_opts ")) {
                opts.addAll(options(code));
            }
        }
        return opts;
    }

    /** deploy/debian/banwatch: the defaults and the replay|demo case's additions. */
    private static Set<String> packageLauncher() throws IOException {
        Set<String> opts = new LinkedHashSet<>();
        boolean inReplay = false;
        for (String line : lines("deploy/debian/banwatch")) {
            String code = line.strip();
            if (code.startsWith("opts=\"-X")) {
                opts.addAll(options(code));
            } else if (code.startsWith("replay|demo)")) {
                inReplay = true;
            } else if (code.equals(";;")) {
                inReplay = false;
            } else if (inReplay && code.startsWith("opts=\"$opts ")) {
                opts.addAll(options(code));
            }
        }
        return opts;
    }

    /** scripts/build-deb.sh: the training run's java command, continued over backslashed lines. */
    private static Set<String> packageTraining() throws IOException {
        List<String> commands = javaCommands("scripts/build-deb.sh");
        assertThat(commands)
                .as("the training run's java command in scripts/build-deb.sh")
                .hasSize(1);
        return options(commands.get(0));
    }

    /** The lines of {@code file} that start a JVM on banwatch's jar. */
    private static List<String> javaCommands(String file) throws IOException {
        List<String> commands = new ArrayList<>();
        List<String> all = lines(file);
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i).strip();
            if (line.matches("(exec )?\"\\$(java|stage/usr/lib/banwatch/runtime/bin/java)\".*")) {
                StringBuilder command = new StringBuilder(line);
                while (line.endsWith("\\") && i + 1 < all.size()) {
                    line = all.get(++i).strip();
                    command.append(' ').append(line);
                }
                commands.add(command.toString());
            }
        }
        return commands;
    }

    @Test
    void everyJvmOfTheLaunchersAndThePackagesTrainingLetsNettyUseUnsafeQuietly() throws IOException {
        // bin/banwatch: the training run and the command; the package's launcher: the command.
        List<String> checkout = javaCommands("bin/banwatch");
        assertThat(checkout).hasSize(2).allMatch(c -> c.contains("$runtime_opts $opts"));
        assertThat(lines("bin/banwatch")).contains("  runtime_opts=\"--sun-misc-unsafe-memory-access=allow\"");
        List<String> packaged = javaCommands("deploy/debian/banwatch");
        assertThat(packaged).hasSize(1).allMatch(c -> c.contains("$runtime_opts $opts"));
        assertThat(String.join("\n", lines("deploy/debian/banwatch")))
                .contains("runtime_opts=\"--sun-misc-unsafe-memory-access=allow\"");
        // The package's training run (Java 25 and later only) passes it directly.
        assertThat(javaCommands("scripts/build-deb.sh"))
                .hasSize(1)
                .allMatch(c -> c.contains("--sun-misc-unsafe-memory-access=allow"));
    }

    @Test
    void bothStartUpCachesAreTrainedOnAHundredPassesOfTheSample() throws IOException {
        assertThat(javaCommands("bin/banwatch"))
                .filteredOn(c -> c.contains(" demo "))
                .singleElement()
                .asString()
                .contains("demo --no-serve --passes 100");
        assertThat(javaCommands("scripts/build-deb.sh"))
                .singleElement()
                .asString()
                .contains("demo --no-serve --passes 100");
    }

    @Test
    void theReplaySettingsReadAsMeasured() throws IOException {
        assertThat(checkoutLauncher())
                .contains("-XX:+UseSerialGC", "-Xmn48m", "-XX:FreqInlineSize=35", "-XX:CompileThresholdScaling=2")
                .doesNotContain("-XX:+UseParallelGC");
    }

    @Test
    void thePackagesLauncherReplaysWithTheCheckoutsOptions() throws IOException {
        assertThat(packageLauncher()).isEqualTo(checkoutLauncher());
    }

    @Test
    void thePackagesStartUpCacheIsTrainedWithTheOptionsItIsUsedWith() throws IOException {
        Set<String> used = packageLauncher();
        // Exiting on running out of memory changes nothing the cache holds.
        used.remove("-XX:+ExitOnOutOfMemoryError");
        assertThat(packageTraining()).isEqualTo(used);
    }
}
