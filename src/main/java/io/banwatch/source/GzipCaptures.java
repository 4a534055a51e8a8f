package io.banwatch.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads gzip-compressed captures ({@code incident.pcap.gz}), as tcpdump and tshark do. libpcap reads only plain
 * files, so the capture is decompressed into a temporary file that is deleted when the capture is closed.
 */
final class GzipCaptures {

    private GzipCaptures() {}

    static Path decompress(Path file) throws CaptureException {
        Path target = null;
        try {
            target = Files.createTempFile(
                    "banwatch-", "-" + stripGz(file.getFileName().toString()));
            target.toFile().deleteOnExit();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
                    OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
            return target;
        } catch (ZipException | java.io.EOFException e) {
            // A truncated gzip still yields what was decompressed before the damage; read that much.
            if (target != null && sizeOf(target) > 0) {
                return target;
            }
            delete(target);
            throw CaptureException.usage("not a readable gzip file: " + file + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            delete(target);
            throw new CaptureException(
                    "cannot decompress " + file + " into " + System.getProperty("java.io.tmpdir") + ": "
                            + e.getMessage() + " (set TMPDIR or -Djava.io.tmpdir to a folder with room)",
                    e);
        }
    }

    static void delete(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // left for deleteOnExit
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String stripGz(String name) {
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name + ".pcap";
    }
}
