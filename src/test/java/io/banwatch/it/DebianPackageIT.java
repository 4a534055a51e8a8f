package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Debian package, built from the jar under test by scripts/build-deb.sh (what {@code -Pdeb} runs) and checked by
 * scripts/deb-test.sh: installed for real, the system user, /usr/bin/banwatch on its own runtime, the systemd unit, the
 * conffiles, capture as the unprivileged user with the two capabilities, upgrade, remove and purge.
 */
class DebianPackageIT {

    // jlink and dpkg-deb take a few minutes on a busy 2-core machine; the installed checks about two more.
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(10);

    @Test
    void thePackageInstallsRunsCapturesUpgradesAndPurgesCleanly() throws Exception {
        Assumptions.assumeTrue(
                DeploymentScript.isRoot(), "needs root: dpkg -i of the package (run as root to include)");
        Assumptions.assumeTrue(
                DeploymentScript.installed("dpkg-deb") && DeploymentScript.installed("dpkg"),
                "needs dpkg and dpkg-deb (Debian or Ubuntu)");
        Path repo = DeploymentScript.repo();
        Path jar = Path.of(System.getProperty(
                "banwatch.jar", repo.resolve("target/banwatch.jar").toString()));
        String version = System.getProperty("banwatch.version", "0.1.0");
        Path out = repo.resolve("target/it-deb");
        Files.createDirectories(out);

        DeploymentScript.runAndExpectSuccess(
                BUILD_TIMEOUT,
                out.resolve("build-deb.log"),
                "scripts/build-deb.sh",
                version,
                jar.toString(),
                out.toString());
        Path deb = out.resolve("banwatch_" + version + "_amd64.deb");
        assertThat(deb).isRegularFile();
        if (Runtime.version().feature() >= 25) {
            // the start-up cache's training run (the bundled sample, 100 passes) succeeded and the cache was packed
            assertThat(Files.readString(out.resolve("build-deb.log")))
                    .contains("build-deb: start-up cache")
                    .doesNotContain("packaging without");
            Process contents = new ProcessBuilder("dpkg-deb", "-c", deb.toString())
                    .redirectErrorStream(true)
                    .start();
            String listing = new String(contents.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(contents.waitFor()).as(listing).isZero();
            assertThat(listing).contains("./usr/lib/banwatch/banwatch.aot");
        }

        DeploymentScript.runAndExpectSuccess(
                TEST_TIMEOUT, out.resolve("deb-test.log"), "scripts/deb-test.sh", deb.toString());
        assertThat(Files.readString(out.resolve("deb-test.log"))).contains("deb-test: passed");
    }
}
