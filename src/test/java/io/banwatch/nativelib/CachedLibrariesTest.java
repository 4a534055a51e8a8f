package io.banwatch.nativelib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy-and-check that SQLite's library and JNA's share, on a jar and a folder of its own. */
class CachedLibrariesTest {

    private static final String FILE = "libthing-2.0.so";
    private static final String OTHERS = "libthing-*.so";

    @TempDir
    Path folder;

    private final byte[] library = new byte[64 * 1024];

    CachedLibrariesTest() {
        new Random(29).nextBytes(library);
    }

    /** The library as an entry of a jar (deflated, as build tools write them), the way the loaders find theirs. */
    private URL inJar() throws Exception {
        Path jar = folder.resolve("lib.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream entries = new JarOutputStream(out)) {
            entries.putNextEntry(new JarEntry("native/libthing.so"));
            entries.write(library);
            entries.closeEntry();
        }
        return URI.create("jar:" + jar.toUri() + "!/native/libthing.so").toURL();
    }

    /** The library in a folder of classes (an IDE's run, say). */
    private URL inFolder() throws Exception {
        return Files.write(Files.createDirectories(folder.resolve("classes")).resolve("libthing.so"), library)
                .toUri()
                .toURL();
    }

    private Path cache() {
        return folder.resolve("cache");
    }

    @Test
    void writesTheLibraryOnceAndKeepsIt() throws Exception {
        for (URL entry : new URL[] {inJar(), inFolder()}) {
            Path file = CachedLibraries.cached(entry, cache(), FILE, OTHERS);
            assertThat(file).isEqualTo(cache().resolve(FILE)).hasBinaryContent(library);

            FileTime written = FileTime.fromMillis(1_000_000L);
            Files.setLastModifiedTime(file, written);
            assertThat(CachedLibraries.cached(entry, cache(), FILE, OTHERS)).isEqualTo(file);
            assertThat(Files.getLastModifiedTime(file))
                    .as("not written again from %s", entry)
                    .isEqualTo(written);
            Files.delete(file);
        }
    }

    @Test
    void replacesACopyOfTheRightSizeWithOneByteChanged() throws Exception {
        for (URL entry : new URL[] {inJar(), inFolder()}) {
            Path file = CachedLibraries.cached(entry, cache(), FILE, OTHERS);
            byte[] altered = library.clone();
            altered[altered.length / 2] ^= 1;
            Files.write(file, altered);

            assertThat(CachedLibraries.cached(entry, cache(), FILE, OTHERS)).isEqualTo(file);

            assertThat(file).as("from %s", entry).hasBinaryContent(library);
        }
    }

    @Test
    void replacesACopyCutShortAndRemovesOtherVersionsOnly() throws Exception {
        URL entry = inJar();
        Path file = CachedLibraries.cached(entry, cache(), FILE, OTHERS);
        Files.write(file, new byte[] {1, 2, 3});
        Path older = Files.write(cache().resolve("libthing-1.0.so"), new byte[] {4});
        Path unrelated = Files.write(cache().resolve("banwatch-1-2.aot"), new byte[] {5});

        assertThat(CachedLibraries.cached(entry, cache(), FILE, OTHERS)).isEqualTo(file);

        assertThat(file).hasBinaryContent(library);
        assertThat(older).doesNotExist();
        assertThat(unrelated).exists();
        try (Stream<Path> files = Files.list(cache())) {
            assertThat(files.filter(f -> f.toString().endsWith(".partial"))).isEmpty();
        }
    }
}
