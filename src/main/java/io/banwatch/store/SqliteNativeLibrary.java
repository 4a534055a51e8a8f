package io.banwatch.store;

import io.banwatch.nativelib.CachedLibraries;
import io.banwatch.nativelib.ElfInterpreter;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/**
 * Keeps SQLite's native library in banwatch's cache folder, so that the driver loads it from there.
 *
 * <p>Left to itself, sqlite-jdbc copies the library out of its jar into {@code java.io.tmpdir} under a new name at
 * every start, then reads the copy and the jar's entry back one byte at a time to compare them: about 0.1 CPU-s of
 * interpreted code for every command that opens the store (a replay of the bundled sample, median of five, 1.40 s
 * against 1.31 s with the library named). With {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} set, it
 * loads the file named there instead, and falls back to its own copy when that fails ({@code SQLiteJDBCLoader}).
 * The file here is checked against the jar's entry at each start, by the size and CRC-32 the jar's directory gives,
 * and replaced when it differs ({@link CachedLibraries}). Linux only, the platform this is measured on; elsewhere,
 * and when the cache folder cannot be written, the driver does as before.
 */
final class SqliteNativeLibrary {

    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final String PREFIX = "sqlite-";

    private static boolean prepared;

    private SqliteNativeLibrary() {}

    /** Names the cached library to the driver, once per process, unless the user named one already. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        CachedLibraries.nameTo("SQLite's driver", PATH_PROPERTY, NAME_PROPERTY, SqliteNativeLibrary::cachedIn, f -> f);
    }

    /**
     * The driver's library for this platform in {@code folder}, written there when missing or different from the
     * jar's, with the copies of other driver versions removed; null when the jar has none for this platform.
     */
    static Path cachedIn(Path folder) throws IOException {
        String name = LibraryLoaderUtil.getNativeLibName();
        URL entry = SQLiteJDBCLoader.class.getResource(resourceFolder() + "/" + name);
        if (entry == null) {
            return null;
        }
        String fileName = PREFIX + SQLiteJDBCLoader.getVersion() + "-" + OSInfo.getArchName() + "-" + name;
        return CachedLibraries.cached(entry, folder, fileName, PREFIX + "*-" + name);
    }

    /**
     * The jar's folder of the library for this Linux: {@code LibraryLoaderUtil.getNativeLibResourcePath()} without its
     * test for Android, which runs {@code uname -o} in a new process (about 35 ms of every start that opens the store);
     * banwatch never runs on Android.
     */
    static String resourceFolder() {
        return "/org/sqlite/native/" + (runsOnMusl() ? "Linux-Musl" : "Linux") + "/" + OSInfo.getArchName();
    }

    /**
     * Whether this JVM runs on musl rather than glibc: the dynamic loader its executable names. The driver's own test
     * ({@code OSInfo.isMusl}) resolves every entry of {@code /proc/self/map_files}, about 8 ms of every start that
     * opened the store; where the loader cannot be read, that test decides.
     */
    static boolean runsOnMusl() {
        String loader = ElfInterpreter.of(Path.of("/proc/self/exe"));
        return loader != null ? loader.contains("musl") : OSInfo.isMusl();
    }
}
