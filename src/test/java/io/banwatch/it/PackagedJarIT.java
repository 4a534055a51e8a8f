package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as the package phase leaves it: every class file new enough for the JVM's AOT cache, and picocli's,
 * which the build rewrites from Java 5 class files (scripts/ModernClassFiles.java), accepted by the JVM's verifier.
 */
class PackagedJarIT {

    /** Class files below Java 6 cannot be archived by the JVM's class-data archive or AOT cache. */
    private static final int FIRST_ARCHIVABLE = 50;

    private static final Path JAR = Path.of(System.getProperty(
            "banwatch.jar",
            DeploymentScript.repo().resolve("target/banwatch.jar").toString()));

    @Test
    void everyClassFileIsNewEnoughForTheStartUpCache() throws IOException {
        List<String> old = new ArrayList<>();
        int picocli = 0;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                int major = majorVersion(jar, entry);
                if (major < FIRST_ARCHIVABLE) {
                    old.add(entry.getName() + " (" + major + ")");
                }
                if (entry.getName().startsWith("picocli/")) {
                    picocli++;
                    assertThat(major).as(entry.getName()).isEqualTo(52);
                }
            }
        }
        assertThat(picocli).as("picocli's class files in the jar").isGreaterThan(100);
        assertThat(old).as("class files older than Java 6").isEmpty();
    }

    @Test
    void everyRewrittenPicocliClassPassesTheVerifier() throws Exception {
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream()
                    .map(JarEntry::getName)
                    .filter(name -> name.startsWith("picocli/") && name.endsWith(".class"))
                    .forEach(name -> names.add(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.')));
        }
        // A loader of its own over the jar alone (the test class path has the original picocli): initialising a class
        // links it, and linking runs the verifier on every method (BytecodeVerificationRemote, on by default).
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                Class<?> type = Class.forName(name, true, loader);
                assertThat(type.getClassLoader()).as(name).isSameAs(loader);
            }
        }
        assertThat(names).isNotEmpty();
    }

    private static int majorVersion(JarFile jar, JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] head = in.readNBytes(8);
            return head.length == 8 ? (head[6] & 0xFF) << 8 | (head[7] & 0xFF) : -1;
        }
    }
}
