package io.banwatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * and replaced when it differs. Linux only, the platform this is measured on; elsewhere, and when the cache folder cannot be written,
 * the driver does as before.
 */
final class SqliteNativeLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);

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
        if (System.getProperty(PATH_PROPERTY) != null || !"Linux".equals(System.getProperty("os.name"))) {
            return;
        }
        Path folder = cacheFolder();
        try {
            Path library = cachedIn(folder);
            if (library != null) {
                System.setProperty(PATH_PROPERTY, folder.toString());
                System.setProperty(NAME_PROPERTY, library.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug(
                    "SQLite's native library is not cached in {} ({}); the driver copies it itself",
                    folder,
                    e.toString());
        }
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
        Path file = folder.resolve(fileName);
        if (Files.isRegularFile(file) && sameBytes(entry, file)) {
            return file;
        }
        byte[] library;
        try (InputStream in = entry.openStream()) {
            library = in.readAllBytes();
        }
        Files.createDirectories(folder);
        Path partial = Files.createTempFile(folder, fileName, ".partial");
        try {
            Files.write(partial, library);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        try (DirectoryStream<Path> others = Files.newDirectoryStream(folder, PREFIX + "*-" + name)) {
            for (Path other : others) {
                if (!other.equals(file)) {
                    Files.deleteIfExists(other); // an earlier driver's, never loaded again
                }
            }
        }
        return file;
    }

    /**
     * Whether {@code file} holds the bytes of the jar's {@code entry}. In a jar, by the entry's size and CRC-32, which
     * the jar's directory holds: inflating the library to compare it byte for byte took about 8 ms of every start that
     * opened the store. A changed library is a new driver version, hence a new file name, so this guards against a
     * copy left incomplete or altered by accident; elsewhere (a folder of classes) the bytes are compared.
     */
    private static boolean sameBytes(URL entry, Path file) throws IOException {
        if (entry.openConnection() instanceof JarURLConnection jar) {
            JarEntry inJar = jar.getJarEntry();
            if (inJar.getSize() >= 0 && inJar.getCrc() >= 0) {
                if (Files.size(file) != inJar.getSize()) {
                    return false;
                }
                CRC32 crc = new CRC32();
                crc.update(Files.readAllBytes(file));
                return crc.getValue() == inJar.getCrc();
            }
        }
        try (InputStream in = entry.openStream()) {
            return Arrays.equals(Files.readAllBytes(file), in.readAllBytes());
        }
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

    /** {@code $XDG_CACHE_HOME/banwatch}, else {@code ~/.cache/banwatch}: where the launcher keeps its start-up cache. */
    private static Path cacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("banwatch");
    }
}
