package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The container image, built and run for real by scripts/container-test.sh: local Debian 12 base images (no registry
 * needed), the multi-stage build, a replay inside the container, live capture as the non-root user with only
 * NET_RAW and NET_ADMIN on a veth in the container's namespace, /metrics from the host, the health check, and
 * deploy/compose.yaml. The script starts dockerd when none runs and stops what it started.
 */
class ContainerIT {

    // debootstrap and the image's Maven build dominate a first run on a busy 2-core machine; later runs reuse the
    // base images and the dependency layer.
    private static final Duration TIMEOUT = Duration.ofMinutes(45);

    @Test
    void theImageBuildsRunsAsNonRootWithTwoCapabilitiesAndCaptures() throws Exception {
        Assumptions.assumeTrue(DeploymentScript.isRoot(), "needs root: dockerd, veth pairs (run as root to include)");
        Assumptions.assumeTrue(
                DeploymentScript.installed("docker")
                        && (DeploymentScript.installed("dockerd") || Files.exists(Path.of("/var/run/docker.sock"))),
                "needs Docker: a running daemon or dockerd (apt-get install docker.io debootstrap)");
        Path log = DeploymentScript.repo().resolve("target/it-container/container-test.log");
        DeploymentScript.runAndExpectSuccess(TIMEOUT, log, "scripts/container-test.sh");
        assertThat(Files.readString(log)).contains("container-test: passed");
    }
}
