package io.banwatch.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.banwatch.decode.Anomaly;
import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import io.banwatch.source.PcapCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A differential test against tshark on damaged input: every project fixture and every public capture, mutated at
 * random (truncated packets, flipped bits, 16-bit fields set to odd values), is read by banwatch and by tshark's
 * oracle. Every name tshark extracts from a mutant and banwatch does not must be explained by a class in {@code
 * known-differences-mutated.tsv}: a kind of row and an anomaly banwatch counted on the mutant and not on the
 * original, with the reason banwatch refuses what tshark reads.
 *
 * <p>The suite runs a bounded sample ({@code banwatch.differential.mutants}, default {@value #DEFAULT_MUTANTS});
 * a longer run is {@code ./mvnw -B test -Dtest=MutatedCapturesDifferentialTest -Dbanwatch.differential.mutants=2000}.
 * Mutants that show an unexplained difference are kept under {@code target/differential/} to be replayed.
 */
class MutatedCapturesDifferentialTest {

    static final int DEFAULT_MUTANTS = 30;
    static final Path ORACLE = Path.of(System.getProperty("banwatch.oracle", "../shared/tools/oracle.sh"));
    static final Path OUT = Path.of("target", "differential");
    /** Captures above this are left out: tshark's two-pass oracle takes seconds on them, for no other kind of case. */
    static final long MAX_CAPTURE_BYTES = 400_000;

    record Packet(int linkType, byte[] data, int wireLength, long nanos) {}

    record KnownClass(String kind, String anomaly, String reason) {}

    @Test
    void everyNameTsharkReadsFromADamagedCaptureIsReadOrExplained() throws Exception {
        assumeTrue(Files.isExecutable(ORACLE), "the tshark oracle script is not beside the project: " + ORACLE);
        assumeTrue(onPath("tshark"), "tshark is not installed");
        int mutants = Integer.getInteger("banwatch.differential.mutants", DEFAULT_MUTANTS);
        long seed = Long.getLong("banwatch.differential.seed", 20_241_004L);
        List<Path> captures = captures();
        List<KnownClass> known = knownClasses();
        Files.createDirectories(OUT);
        SplittableRandom random = new SplittableRandom(seed);
        List<String> unexplained = new ArrayList<>();
        Set<KnownClass> used = new HashSet<>();
        java.util.Map<Path, Set<String>> baselines = new java.util.HashMap<>();
        int compared = 0;
        for (int n = 0; n < mutants; n++) {
            Path capture = captures.get(random.nextInt(captures.size()));
            List<Packet> packets = read(capture);
            if (packets.isEmpty()) {
                continue;
            }
            String description = mutate(packets, random);
            Path mutant = OUT.resolve(String.format(
                    "mutant-%04d-%s",
                    n, capture.getFileName().toString().replaceAll("\\.pcapng$|\\.pcap$", "") + ".pcap"));
            write(mutant, packets);
            List<OracleRow> tshark = oracle(mutant);
            CaptureReplay ours = CaptureReplay.run(mutant, true);
            Set<String> newAnomalies = anomalies(ours);
            newAnomalies.removeAll(anomalies(CaptureReplay.run(capture, true)));
            Set<String> baseline = baselines.computeIfAbsent(capture, MutatedCapturesDifferentialTest::baseline);
            OracleComparison comparison = OracleComparison.compare(tshark, ObservationRows.of(ours.observations));
            compared++;
            boolean keep = false;
            for (String difference : comparison.differences) {
                if (!difference.startsWith("missing") || baseline.contains(difference)) {
                    continue; // a difference the undamaged capture has too is the conformance tests' business
                }
                String kind = difference.split("\t")[1];
                KnownClass explanation = known.stream()
                        .filter(k -> k.kind().equals(kind) && newAnomalies.contains(k.anomaly()))
                        .findFirst()
                        .orElse(null);
                if (explanation == null) {
                    unexplained.add(mutant.getFileName() + " (" + description + ", anomalies " + newAnomalies + "): "
                            + difference);
                    keep = true;
                } else {
                    used.add(explanation);
                }
            }
            if (!keep) {
                Files.deleteIfExists(mutant);
            }
        }
        System.out.printf(
                "differential: %d mutants of %d captures compared with tshark; %d explained classes used%n",
                compared, captures.size(), used.size());
        assertThat(compared).isPositive();
        assertThat(unexplained)
                .as("names tshark reads from mutated captures and banwatch does not, with no class in "
                        + "known-differences-mutated.tsv (mutants kept in " + OUT + ")")
                .isEmpty();
    }

    /** The differences banwatch already has with tshark on the undamaged capture. */
    private static Set<String> baseline(Path capture) {
        try {
            Path copy = OUT.resolve("original-" + capture.getFileName());
            Files.copy(capture, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<OracleRow> tshark = oracle(copy);
            Files.deleteIfExists(copy);
            List<OracleRow> ours = ObservationRows.of(CaptureReplay.run(capture, true).observations);
            return new HashSet<>(OracleComparison.compare(tshark, ours).differences);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> anomalies(CaptureReplay replay) {
        Set<String> reasons = new TreeSet<>();
        replay.anomalies.forEach((Anomaly anomaly, java.util.concurrent.atomic.LongAdder count) -> {
            if (count.sum() > 0) {
                reasons.add(anomaly.layer() + "/" + anomaly.reason());
            }
        });
        return reasons;
    }

    /**
     * Damages one to three packets: a truncation, one to eight flipped bits, or a 16-bit field (at an even offset
     * past the first 14 bytes) set to 0, 1, 0xffff, or one more or less than it was.
     */
    static String mutate(List<Packet> packets, SplittableRandom random) {
        StringBuilder what = new StringBuilder();
        int damaged = 1 + random.nextInt(3);
        for (int i = 0; i < damaged; i++) {
            int index = random.nextInt(packets.size());
            byte[] data = packets.get(index).data();
            if (data.length < 20) {
                continue;
            }
            switch (random.nextInt(3)) {
                case 0 -> {
                    int length = 14 + random.nextInt(data.length - 14);
                    Packet p = packets.get(index);
                    packets.set(
                            index,
                            new Packet(p.linkType(), java.util.Arrays.copyOf(data, length), p.wireLength(), p.nanos()));
                    what.append(String.format("#%d cut to %d; ", index + 1, length));
                }
                case 1 -> {
                    int bits = 1 + random.nextInt(8);
                    for (int b = 0; b < bits; b++) {
                        int bit = random.nextInt(data.length * 8);
                        data[bit / 8] ^= (byte) (1 << (bit % 8));
                    }
                    what.append(String.format("#%d %d bits flipped; ", index + 1, bits));
                }
                default -> {
                    int offset = 14 + 2 * random.nextInt((data.length - 15) / 2);
                    int old = ((data[offset] & 0xff) << 8) | (data[offset + 1] & 0xff);
                    int[] values = {0, 1, 0xffff, (old + 1) & 0xffff, (old - 1) & 0xffff};
                    int value = values[random.nextInt(values.length)];
                    data[offset] = (byte) (value >>> 8);
                    data[offset + 1] = (byte) value;
                    what.append(String.format("#%d field at %d set to %d; ", index + 1, offset, value));
                }
            }
        }
        return what.toString().strip();
    }

    static List<Packet> read(Path capture) throws CaptureException {
        List<Packet> packets = new ArrayList<>();
        try (PcapCapture source = Captures.openFile(capture)) {
            source.run((linkType, data, captureLength, wireLength, nanos) ->
                    packets.add(new Packet(linkType, java.util.Arrays.copyOf(data, captureLength), wireLength, nanos)));
        }
        return packets;
    }

    /** Classic pcap with nanosecond timestamps (the magic 0xa1b23c4d), little-endian. */
    static void write(Path file, List<Packet> packets) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xa1b23c4d)
                    .putShort((short) 2)
                    .putShort((short) 4)
                    .putInt(0)
                    .putInt(0);
            header.putInt(262_144).putInt(packets.get(0).linkType());
            out.write(header.array());
            for (Packet p : packets) {
                ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                record.putInt((int) (p.nanos() / 1_000_000_000L)).putInt((int) (p.nanos() % 1_000_000_000L));
                record.putInt(p.data().length).putInt(Math.max(p.wireLength(), p.data().length));
                out.write(record.array());
                out.write(p.data());
            }
        }
    }

    static List<OracleRow> oracle(Path capture) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ORACLE.toString(), "-o", OUT.toString(), capture.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the oracle did not finish on " + capture);
        }
        Path table = OUT.resolve(capture.getFileName() + ".oracle.tsv");
        List<OracleRow> rows = OracleRow.read(table);
        Files.deleteIfExists(table);
        return rows;
    }

    static List<Path> captures() throws IOException, URISyntaxException {
        List<Path> found = new ArrayList<>();
        Path fixtures = Path.of(MutatedCapturesDifferentialTest.class
                .getResource("/io/banwatch/fixtures")
                .toURI());
        for (Path dir : List.of(fixtures, PublicCapturesConformanceTest.SUITE)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                        .filter(p -> size(p) <= MAX_CAPTURE_BYTES)
                        .sorted()
                        .forEach(found::add);
            }
        }
        assertThat(found).isNotEmpty();
        return found;
    }

    static List<KnownClass> knownClasses() throws IOException, URISyntaxException {
        Path file = Path.of(MutatedCapturesDifferentialTest.class
                .getResource("/io/banwatch/conformance/known-differences-mutated.tsv")
                .toURI());
        List<KnownClass> classes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            classes.add(new KnownClass(f[0], f[1], f[2]));
        }
        return classes;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
