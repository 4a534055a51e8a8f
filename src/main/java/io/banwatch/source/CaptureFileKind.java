package io.banwatch.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** What a file's first four bytes say it is: a pcap or pcapng capture, a gzip-compressed file, or something else. */
enum CaptureFileKind {
    PCAP("pcap"),
    PCAPNG("pcapng"),
    GZIP("gzip"),
    UNKNOWN("unknown");

    private final String label;

    CaptureFileKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static CaptureFileKind of(Path file) throws CaptureException {
        byte[] magic = magic(file);
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return GZIP; // RFC 1952 section 2.3.1: ID1 ID2
        }
        if (magic.length < 4) {
            return UNKNOWN;
        }
        int value =
                ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8) | (magic[3] & 0xff);
        return switch (value) {
            // pcap microsecond and nanosecond magic in both byte orders (draft-ietf-opsawg-pcap section 4).
            case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1 -> PCAP;
            // pcapng Section Header Block type (draft-ietf-opsawg-pcapng section 4.1).
            case 0x0a0d0d0a -> PCAPNG;
            default -> UNKNOWN;
        };
    }

    static String magicHex(Path file) throws CaptureException {
        return HexFormat.of().formatHex(magic(file));
    }

    private static byte[] magic(Path file) throws CaptureException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(4);
        } catch (IOException e) {
            throw new CaptureException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
