package io.banwatch.nativelib;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies of native libraries from the jar, in banwatch's cache folder: written once, checked against the jar's entry at
 * each start, and replaced when they differ.
 */
public final class CachedLibraries {

    private static final Logger LOG = LoggerFactory.getLogger(CachedLibraries.class);

    private CachedLibraries() {}

    /** {@code $XDG_CACHE_HOME/banwatch}, else {@code ~/.cache/banwatch}: the launcher's start-up cache is there too. */
    public static Path folder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("banwatch");
    }

    /** Puts a library in a folder and gives its file, or null when the jar has none for this platform. */
    @FunctionalInterface
    public interface Copy {
        Path in(Path folder) throws IOException;
    }

    /**
     * Names to a loader the library {@code copy} puts in banwatch's cache folder, through the two system properties it
     * reads ({@code pathProperty}: the folder; {@code nameProperty}: the name {@code nameOf} makes of the file's), on
     * Linux and unless the user set {@code pathProperty}. When the folder cannot be written the loader does as it would
     * have, and the reason is logged at debug level.
     */
    public static void nameTo(
            String loader, String pathProperty, String nameProperty, Copy copy, UnaryOperator<String> nameOf) {
        if (System.getProperty(pathProperty) != null || !"Linux".equals(System.getProperty("os.name"))) {
            return;
        }
        Path folder = folder();
        try {
            Path library = copy.in(folder);
            if (library != null) {
                System.setProperty(pathProperty, folder.toString());
                System.setProperty(
                        nameProperty, nameOf.apply(library.getFileName().toString()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}'s native library is not cached in {} ({}); it copies its own", loader, folder, e.toString());
        }
    }

    /**
     * The library of the jar's {@code entry} as {@code fileName} in {@code folder}, written there when missing or
     * different from the entry (through a partial file moved into place, so that no reader sees half a library), and
     * the other files of {@code folder} that match {@code othersGlob} removed: the copies of earlier versions, never
     * loaded again.
     */
    public static Path cached(URL entry, Path folder, String fileName, String othersGlob) throws IOException {
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
        try (DirectoryStream<Path> others = Files.newDirectoryStream(folder, othersGlob)) {
            for (Path other : others) {
                if (!other.equals(file)) {
                    Files.deleteIfExists(other);
                }
            }
        }
        return file;
    }

    /**
     * Whether {@code file} holds the bytes of the jar's {@code entry}. In a jar, by the entry's size and CRC-32, which
     * the jar's directory holds: inflating SQLite's library to compare it byte for byte took about 8 ms of every start
     * that opened the store. A changed library comes with a new version, hence a new file name, so this guards against
     * a copy left incomplete or altered by accident; elsewhere (a folder of classes) the bytes are compared.
     */
    static boolean sameBytes(URL entry, Path file) throws IOException {
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
}
