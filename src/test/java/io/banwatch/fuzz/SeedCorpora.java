package io.banwatch.fuzz;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.PacketDecoder;
import io.banwatch.inspect.tls.ChromeHello;
import io.banwatch.source.Captures;
import io.banwatch.source.PcapCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the fuzz targets' seed inputs from the project's own fixtures (the recorded captures, the shipped catalog and
 * configuration), in Jazzer's layout {@code src/test/resources/<package>/<TestClass>Inputs/<method>/}. Run from the
 * project directory when a fixture is added, then commit what changed:
 * {@code java -cp target/test-classes:target/classes:$(cat target/fuzz.classpath) io.banwatch.fuzz.SeedCorpora}
 * ({@code scripts/fuzz.sh seeds} does this).
 */
public final class SeedCorpora {

    private static final Path FIXTURES = Path.of("src/test/resources/io/banwatch/fixtures");
    private static final Path RESOURCES = Path.of("src/test/resources");

    /** Seeds stay small: Jazzer replays every one in each `mvn test`, and a long frame list teaches nothing more. */
    private static final int MAX_SEQUENCE_BYTES = 4096;

    record Frame(int linkType, byte[] data) {}

    private SeedCorpora() {}

    public static void main(String[] args) throws Exception {
        List<Path> captures;
        try (Stream<Path> files = Files.list(FIXTURES)) {
            captures =
                    files.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        for (Path capture : captures) {
            String name = capture.getFileName().toString().replace(".pcap", "");
            List<Frame> frames = frames(capture);
            // One frame of each link-layer fixture, the first two of the others (which are Ethernet or raw IP).
            int count = name.startsWith("link-") ? 1 : 2;
            for (int i = 0; i < Math.min(count, frames.size()); i++) {
                Frame frame = frames.get(i);
                write(
                        "io.banwatch.fuzz.DecodeFuzzTest",
                        "frame",
                        name + "-" + i,
                        concat(u16(frame.linkType()), frame.data()));
            }
            if (!name.startsWith("link-")) {
                write("io.banwatch.dispatch.PacketPathFuzzTest", "frames", name, sequence(frames));
            }
            if (name.equals("ip-fragments") || name.equals("tunnels-mobile")) {
                write("io.banwatch.fuzz.DecodeFuzzTest", "fragmentSequence", name, sequence(frames));
            }
        }
        dns();
        streams();
        tls();
        quic();
        loaders();
    }

    private static void dns() throws Exception {
        int n = 0;
        for (String fixture : List.of("dns-kaspersky", "outcome-dns", "nameless-attributed")) {
            for (Payload p : payloads(fixture, DecodedPacket.UDP)) {
                if (p.serverPort() == 53 && n < 12) {
                    write(
                            "io.banwatch.fuzz.DnsFuzzTest",
                            "udpMessage",
                            fixture + "-" + n++,
                            concat(new byte[] {(byte) (p.fromClient() ? 0 : 1)}, p.data()));
                }
            }
        }
    }

    private static void streams() throws Exception {
        write("io.banwatch.fuzz.StreamFuzzTest", "dnsTcpStream", "dns-over-tcp", streamRecords("dns-over-tcp", 53));
        write("io.banwatch.fuzz.StreamFuzzTest", "httpStream", "http-update", streamRecords("http-update", -1));
        write(
                "io.banwatch.fuzz.StreamFuzzTest",
                "httpStream",
                "outcome-http-404",
                streamRecords("outcome-http-404", -1));
        write(
                "io.banwatch.fuzz.StreamFuzzTest",
                "tlsStream",
                "tls-split-clienthello",
                streamRecords("tls-split-clienthello", -1));
        write(
                "io.banwatch.fuzz.StreamFuzzTest",
                "tlsStream",
                "tls-nonstandard-port",
                streamRecords("tls-nonstandard-port", -1));
        write(
                "io.banwatch.fuzz.StreamFuzzTest",
                "kasperskyStream",
                "kaspersky-native",
                streamRecords("kaspersky-native", -1));
        // RFC 1928: greeting, CONNECT to a domain, then the tunnelled request; SOCKS4a with a host name and a hello.
        byte[] domain = "dnl-01.geo.kaspersky.com".getBytes(StandardCharsets.US_ASCII);
        byte[] socks5 = FuzzRecords.join(List.of(
                new byte[] {0, 5, 1, 0},
                concat(new byte[] {0, 5, 1, 0, 3, (byte) domain.length}, domain, new byte[] {0, 80}),
                concat(
                        new byte[] {0},
                        "GET /index.xml HTTP/1.1\r\nHost: dnl-01.geo.kaspersky.com\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII))));
        write("io.banwatch.fuzz.StreamFuzzTest", "socksStream", "socks5-domain-http", socks5);
        byte[] hello = record(ChromeHello.handshake("ksn-a-stat-geo.kaspersky-labs.com"));
        byte[] socks4a = FuzzRecords.join(List.of(
                concat(
                        new byte[] {0, 4, 1, 1, (byte) 0xbb, 0, 0, 0, 1},
                        "user\0".getBytes(StandardCharsets.US_ASCII),
                        domain,
                        new byte[] {0}),
                concat(new byte[] {0}, hello)));
        write("io.banwatch.fuzz.StreamFuzzTest", "socksStream", "socks4a-domain-tls", socks4a);
    }

    private static void tls() throws Exception {
        write(
                "io.banwatch.fuzz.TlsFuzzTest",
                "clientHello",
                "chrome",
                ChromeHello.handshake("dnl-01.geo.kaspersky.com"));
        write(
                "io.banwatch.fuzz.TlsFuzzTest",
                "clientHello",
                "chrome-ech-grease",
                ChromeHello.handshake("ds.kaspersky.com", true));
        byte[] hello = record(ChromeHello.handshake("click.kaspersky.com"));
        write(
                "io.banwatch.fuzz.StreamFuzzTest",
                "tlsStream",
                "chrome-split",
                FuzzRecords.join(List.of(
                        concat(new byte[] {0}, Arrays.copyOfRange(hello, 0, 100)),
                        concat(new byte[] {0}, Arrays.copyOfRange(hello, 100, hello.length)))));
    }

    private static void quic() throws Exception {
        List<byte[]> datagrams = new ArrayList<>();
        for (Payload p : payloads("quic-chromium", DecodedPacket.UDP)) {
            if (datagrams.size() < 4) {
                datagrams.add(concat(new byte[] {(byte) (p.fromClient() ? 0 : 1)}, p.data()));
            }
        }
        write("io.banwatch.inspect.quic.QuicFuzzTest", "datagrams", "quic-chromium", FuzzRecords.join(datagrams));
        byte[] hello = ChromeHello.handshake("dnl-01.geo.kaspersky.com");
        int cut = hello.length / 2;
        // Flags 8: padded to 1,200 bytes, connection ID 0; the second half first, as a client may send it.
        write(
                "io.banwatch.inspect.quic.QuicFuzzTest",
                "sealedInitials",
                "hello-in-two",
                FuzzRecords.join(List.of(
                        concat(new byte[] {8}, crypto(cut, Arrays.copyOfRange(hello, cut, hello.length))),
                        concat(new byte[] {8}, crypto(0, Arrays.copyOfRange(hello, 0, cut))))));
        write(
                "io.banwatch.inspect.quic.QuicFuzzTest",
                "sealedInitials",
                "hello-whole",
                FuzzRecords.join(List.of(concat(new byte[] {8}, crypto(0, hello)))));
    }

    private static void loaders() throws Exception {
        write(
                "io.banwatch.fuzz.LoaderFuzzTest",
                "catalog",
                "kaspersky",
                Files.readAllBytes(Path.of("config/vendors/kaspersky.yaml")));
        write(
                "io.banwatch.fuzz.LoaderFuzzTest",
                "configuration",
                "shipped",
                Files.readAllBytes(Path.of("config/banwatch.yaml")));
        write(
                "io.banwatch.fuzz.LoaderFuzzTest",
                "configuration",
                "small-with-environment",
                ("inspect:\n  max_flows: 1024\n"
                                + "alerts:\n  renotify_seconds: 600\n\0BANWATCH_INSPECT_MAX_UDP_FLOWS=99\nBANWATCH_METRICS_MAX_HOST_SERIES=7\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    record Payload(boolean fromClient, int serverPort, byte[] data) {}

    /** The transport payloads of a capture in order; the client is the side that sent first (or the SYN). */
    private static List<Payload> payloads(String fixture, int transport) throws Exception {
        PacketDecoder decoder = new PacketDecoder(new AnomalyCounters());
        DecodedPacket out = new DecodedPacket();
        List<Payload> payloads = new ArrayList<>();
        int clientPort = -1;
        for (Frame frame : frames(FIXTURES.resolve(fixture + ".pcap"))) {
            if (!decoder.decode(frame.linkType(), frame.data(), frame.data().length, frame.data().length, 0, out)
                    || out.transport != transport) {
                continue;
            }
            if (clientPort < 0) {
                clientPort = out.sourcePort;
            }
            boolean fromClient = out.sourcePort == clientPort;
            if (out.payloadLength > 0) {
                byte[] data = Arrays.copyOfRange(out.data, out.payloadOffset, out.payloadOffset + out.payloadLength);
                payloads.add(new Payload(fromClient, fromClient ? out.destinationPort : out.sourcePort, data));
            }
        }
        return payloads;
    }

    /** The first TCP connection's segments as {@link StreamFuzzTest} records: flags (bit 0 from the server), data. */
    private static byte[] streamRecords(String fixture, int port) throws Exception {
        List<byte[]> records = new ArrayList<>();
        int size = 0;
        for (Payload p : payloads(fixture, DecodedPacket.TCP)) {
            if ((port < 0 || p.serverPort() == port) && size + p.data().length < MAX_SEQUENCE_BYTES) {
                records.add(concat(new byte[] {(byte) (p.fromClient() ? 0 : 1)}, p.data()));
                size += p.data().length + 3;
            }
        }
        return FuzzRecords.join(records);
    }

    /** A capture's first frames as {@link io.banwatch.dispatch.PacketPathFuzzTest} records, up to the size cap. */
    private static byte[] sequence(List<Frame> frames) {
        List<byte[]> records = new ArrayList<>();
        int size = 0;
        for (Frame frame : frames) {
            byte[] record = concat(u16(frame.linkType()), u16(1), frame.data());
            if (size + record.length + 2 > MAX_SEQUENCE_BYTES) {
                break;
            }
            records.add(record);
            size += record.length + 2;
        }
        return FuzzRecords.join(records);
    }

    private static List<Frame> frames(Path capture) throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (PcapCapture source = Captures.openFile(capture)) {
            source.run(
                    (linkType, data, length, wire, ts) -> frames.add(new Frame(linkType, Arrays.copyOf(data, length))));
        }
        return frames;
    }

    /** RFC 9000 19.6: a CRYPTO frame with its offset. */
    private static byte[] crypto(long offset, byte[] data) {
        return concat(new byte[] {6}, varint(offset), varint(data.length), data);
    }

    /** RFC 9000 16: the two-byte (or four-byte) form, enough for a ClientHello. */
    private static byte[] varint(long value) {
        if (value < 64) {
            return new byte[] {(byte) value};
        }
        if (value < 16384) {
            return new byte[] {(byte) (0x40 | value >> 8), (byte) value};
        }
        return new byte[] {(byte) (0x80 | value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
    }

    /** RFC 8446 5.1: one handshake record. */
    private static byte[] record(byte[] handshake) {
        return concat(new byte[] {22, 3, 1, (byte) (handshake.length >> 8), (byte) handshake.length}, handshake);
    }

    private static byte[] u16(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void write(String testClass, String method, String name, byte[] content) throws IOException {
        Path dir = RESOURCES.resolve(testClass.replace('.', '/') + "Inputs").resolve(method);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), content);
    }
}
