package io.banwatch.bench;

import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import io.banwatch.source.PcapCapture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The frames of one of the test fixture captures ({@code src/test/resources/io/banwatch/fixtures}), read through
 * libpcap once and held in memory, so that a benchmark measures banwatch's code and not libpcap.
 */
final class FixtureFrames {

    final int linkType;
    final byte[][] frames;
    final long[] times;

    private FixtureFrames(int linkType, List<byte[]> frames, List<Long> times) {
        this.linkType = linkType;
        this.frames = frames.toArray(new byte[0][]);
        this.times = times.stream().mapToLong(Long::longValue).toArray();
    }

    /** Every frame of the fixture {@code name}, e.g. {@code "quic-chromium.pcap"}. */
    static FixtureFrames load(String name) throws IOException {
        Path file = Files.createTempFile("banwatch-bench-", "-" + name);
        try (InputStream in = FixtureFrames.class.getResourceAsStream("/io/banwatch/fixtures/" + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            List<byte[]> frames = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            int linkType;
            try (PcapCapture capture = Captures.openFile(file)) {
                linkType = capture.linkType();
                capture.run((type, data, captureLength, wireLength, timestampNanos) -> {
                    frames.add(Arrays.copyOf(data, captureLength));
                    times.add(timestampNanos);
                });
            } catch (CaptureException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (frames.isEmpty()) {
                throw new IOException("the fixture " + name + " holds no frames");
            }
            return new FixtureFrames(linkType, frames, times);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
