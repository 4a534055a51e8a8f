package io.banwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JnaDispatchLibraryTest {

    @TempDir
    Path folder;

    private static byte[] jarEntry() throws Exception {
        String resource = "/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("jnidispatch");
        try (InputStream in = Native.class.getResourceAsStream(resource)) {
            assertThat(in).as("JNA's library for this platform").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void writesTheDispatchLibraryOnceUnderItsVersionAndKeepsIt() throws Exception {
        Path library = JnaDispatchLibrary.cachedIn(folder);

        assertThat(library).isNotNull().hasParent(folder);
        assertThat(library.getFileName().toString())
                .isEqualTo("libjnidispatch-" + Native.VERSION_NATIVE + "-" + Platform.RESOURCE_PREFIX + ".so");
        assertThat(Files.readAllBytes(library)).isEqualTo(jarEntry());

        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(library, written);
        assertThat(JnaDispatchLibrary.cachedIn(folder)).isEqualTo(library);
        assertThat(Files.getLastModifiedTime(library)).as("not written again").isEqualTo(written);
    }

    /** Run in a JVM of its own: names the cached library, then makes JNA load its dispatch library. */
    static final class LoadsJna {
        public static void main(String[] args) throws Exception {
            JnaDispatchLibrary.prepare();
            System.out.println("pointer size " + Native.POINTER_SIZE); // Native's initialiser loads the library
            // Where the library mapped into this process came from.
            Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(line -> line.contains("jnidispatch"))
                    .map(line -> "mapped " + line.substring(line.indexOf('/')))
                    .distinct()
                    .forEach(System.out::println);
        }
    }

    @Test
    void jnaLoadsTheCachedCopyInsteadOfUnpackingItsOwn() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java.toString(), "-cp", System.getProperty("java.class.path"), LoadsJna.class.getName()))
                .redirectErrorStream(true);
        builder.environment().put("XDG_CACHE_HOME", folder.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        Path cached = folder.resolve("banwatch")
                .resolve("libjnidispatch-" + Native.VERSION_NATIVE + "-" + Platform.RESOURCE_PREFIX + ".so");
        assertThat(cached).exists();
        assertThat(output).contains("pointer size 8");
        assertThat(output.lines().filter(line -> line.startsWith("mapped ")))
                .as(output)
                .containsExactly("mapped " + cached);
    }
}
