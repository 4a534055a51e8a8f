package io.banwatch.source;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.banwatch.nativelib.CachedLibraries;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Keeps JNA's native dispatch library in banwatch's cache folder and names it to JNA, which then loads it from there.
 *
 * <p>Left to itself, JNA copies the library out of its jar into a new temporary file at every start, and the first
 * temporary file of a process seeds a {@code SecureRandom}: with the cached copy the libpcap thread's CPU at the start
 * of a replay fell by about 5 ms (medians of three profiles), on two cores that the start already keeps busy. With
 * {@code jna.boot.library.path} and {@code jna.boot.library.name} set, JNA loads the file named there first
 * ({@code Native.loadNativeDispatchLibrary}) and unpacks its own copy only when that fails. The file is named by the
 * dispatch library's version, which JNA checks on loading it, and checked against the jar's entry at each start. Linux
 * only; elsewhere, when the user named a library, or when the cache folder cannot be written, JNA does as before.
 */
final class JnaDispatchLibrary {

    static final String PATH_PROPERTY = "jna.boot.library.path";
    static final String NAME_PROPERTY = "jna.boot.library.name";
    private static final String PREFIX = "jnidispatch-";

    private static boolean prepared;

    private JnaDispatchLibrary() {}

    /**
     * Names the cached library to JNA, once per process, before JNA's first use loads one (Native's initialiser). A
     * compile-time constant ({@code Native.VERSION_NATIVE}) and {@code Platform} do not load it.
     */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        CachedLibraries.nameTo(
                "JNA", PATH_PROPERTY, NAME_PROPERTY, JnaDispatchLibrary::cachedIn, file -> libraryName());
    }

    /** The cached copy's library name, whose file System.mapLibraryName makes: its version and platform in it. */
    private static String libraryName() {
        return PREFIX + Native.VERSION_NATIVE + "-" + Platform.RESOURCE_PREFIX;
    }

    /**
     * JNA's dispatch library for this platform in {@code folder}, written there when missing or different from the
     * jar's, with the copies of other versions removed; null when the jar has none for this platform.
     */
    static Path cachedIn(Path folder) throws IOException {
        String name = System.mapLibraryName("jnidispatch");
        URL entry = Native.class.getResource("/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + name);
        if (entry == null) {
            return null;
        }
        return CachedLibraries.cached(entry, folder, System.mapLibraryName(libraryName()), "lib" + PREFIX + "*");
    }
}
