package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

class SqliteNativeLibraryTest {

    @TempDir
    Path folder;

    private static byte[] jarEntry() throws Exception {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            assertThat(in).as("the driver's library for this platform").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void findsTheLibraryWhereTheDriverDoes() {
        assertThat(SqliteNativeLibrary.resourceFolder()).isEqualTo(LibraryLoaderUtil.getNativeLibResourcePath());
        assertThat(SqliteNativeLibrary.runsOnMusl()).isEqualTo(OSInfo.isMusl());
    }

    @Test
    void writesTheDriversLibraryOnceAndKeepsIt() throws Exception {
        Path library = SqliteNativeLibrary.cachedIn(folder.resolve("banwatch"));

        assertThat(library).isNotNull().hasParent(folder.resolve("banwatch"));
        assertThat(library.getFileName().toString()).contains(SQLiteJDBCLoader.getVersion());
        assertThat(Files.readAllBytes(library)).isEqualTo(jarEntry());

        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(library, written);
        assertThat(SqliteNativeLibrary.cachedIn(folder.resolve("banwatch"))).isEqualTo(library);
        assertThat(Files.getLastModifiedTime(library)).as("not written again").isEqualTo(written);
    }

    @Test
    void replacesACopyThatDiffersFromTheJarsAndRemovesOtherVersions() throws Exception {
        Path library = SqliteNativeLibrary.cachedIn(folder);
        Files.write(library, new byte[] {1, 2, 3});
        Path older = folder.resolve("sqlite-3.0.0.0-x86_64-" + LibraryLoaderUtil.getNativeLibName());
        Files.write(older, new byte[] {4});
        Path unrelated = folder.resolve("banwatch-1-2.aot");
        Files.write(unrelated, new byte[] {5});

        assertThat(SqliteNativeLibrary.cachedIn(folder)).isEqualTo(library);

        assertThat(Files.readAllBytes(library)).isEqualTo(jarEntry());
        assertThat(older).doesNotExist();
        assertThat(unrelated).exists();
        try (var files = Files.list(folder)) {
            assertThat(files.filter(f -> f.toString().endsWith(".partial"))).isEmpty();
        }
    }
}
