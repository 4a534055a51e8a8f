package io.banwatch.inspect.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * JA4 of hand-built ClientHellos: the worked example of FoxIO's JA4.md and each corner case it names. Every expected
 * value other than the example's was computed from the same bytes by the independent checker
 * ({@code ../shared/tools/ja4_check.py}, its {@code ja4} function on the hello's handshake bytes).
 */
class Ja4FingerprintTest {

    /** JA4.md's example: the suites and extensions in wire order, as its "Cipher hash" and "Extension hash" give. */
    static final int[] EXAMPLE_SUITES = {
        0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f,
        0x0035
    };

    static final int[] EXAMPLE_EXTENSIONS = {
        0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b, 0xff01, 0x000b,
        0x000a, 0x0015
    };

    static final int[] EXAMPLE_SIGNATURE_ALGORITHMS = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};

    private final Ja4Fingerprint ja4 = new Ja4Fingerprint();

    @Test
    void theSpecificationsExample() {
        byte[] hello = example(EXAMPLE_SUITES, "h2").handshake();

        assertThat(fingerprint(hello, Ja4Fingerprint.TCP)).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
        assertThat(fingerprint(hello, Ja4Fingerprint.QUIC)).isEqualTo("q13d1516h2_8daaf6152771_e5627efa2ab1");
    }

    @Test
    void greaseIsIgnoredInSuitesExtensionsVersionsAndSignatureAlgorithms() {
        int[] suites = new int[EXAMPLE_SUITES.length + 1];
        suites[0] = 0x3a3a;
        System.arraycopy(EXAMPLE_SUITES, 0, suites, 1, EXAMPLE_SUITES.length);
        ClientHelloBuilder builder =
                new ClientHelloBuilder().cipherSuites(suites).extension(0xdada, new byte[0]);
        addExampleExtensions(builder, "h2", new int[] {0x5a5a, 0x0304, 0x0303}, withGrease());
        builder.extension(0x1a1a, new byte[] {0});

        assertThat(fingerprint(builder.handshake(), Ja4Fingerprint.TCP))
                .isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
    }

    @Test
    void withoutServerNameTheDestinationIsAnAddressAndTheHashStaysTheSame() {
        ClientHelloBuilder builder = new ClientHelloBuilder().cipherSuites(EXAMPLE_SUITES);
        for (int type : EXAMPLE_EXTENSIONS) {
            if (type != 0x0000) {
                addExtension(builder, type, "h2", new int[] {0x0304}, EXAMPLE_SIGNATURE_ALGORITHMS);
            }
        }

        assertThat(fingerprint(builder.handshake(), Ja4Fingerprint.TCP))
                .isEqualTo("t13i1515h2_8daaf6152771_e5627efa2ab1");
    }

    @Test
    void alpnTakesFirstAndLastCharacterOrHexDigitsOfTheFirstProtocol() {
        assertThat(alpnOf("http/1.1", "h2")).isEqualTo("h1");
        assertThat(alpnOf("h")).isEqualTo("hh"); // a single character is both first and last
        assertThat(alpnOf("dot")).isEqualTo("dt");
        // JA4.md's examples of the hex rule
        assertThat(alpnOf(new byte[] {(byte) 0xab})).isEqualTo("ab");
        assertThat(alpnOf(new byte[] {(byte) 0xab, (byte) 0xcd})).isEqualTo("ad");
        assertThat(alpnOf(new byte[] {0x30, (byte) 0xab})).isEqualTo("3b");
        assertThat(alpnOf(new byte[] {0x30, 0x31, (byte) 0xab, (byte) 0xcd})).isEqualTo("3d");
        assertThat(alpnOf(new byte[] {0x30, (byte) 0xab, (byte) 0xcd, 0x31})).isEqualTo("01");
        assertThat(alpnOf(new byte[] {(byte) 0xba, (byte) 0xad})).isEqualTo("bd");
        assertThat(alpnOf(new byte[] {'h', '/'})).isEqualTo("6f"); // "/" is not alphanumeric: 0x68 0x2f
    }

    @Test
    void withoutAlpnExtensionsOrSignatureAlgorithmsTheDocumentedPlaceholdersAppear() {
        byte[] bare = new ClientHelloBuilder()
                .legacyVersion(0x0301)
                .cipherSuites(0x002f, 0x0035)
                .serverName("a.example")
                .handshake();
        byte[] noSignatureAlgorithms = new ClientHelloBuilder()
                .legacyVersion(0x0303)
                .cipherSuites(0x002f)
                .extension(0x000a, TlsBytes.hex("0002 001d"))
                .handshake();

        // only SNI: nothing left to hash (socks-https-example.pcap of FoxIO's suite is such a hello)
        assertThat(fingerprint(bare, Ja4Fingerprint.TCP))
                .isEqualTo("t10d020100_" + hash("002f,0035") + "_000000000000");
        // no signature_algorithms: the extension list is hashed without a trailing "_"
        assertThat(fingerprint(noSignatureAlgorithms, Ja4Fingerprint.TCP))
                .isEqualTo("t12i010100_" + hash("002f") + "_" + hash("000a"));
    }

    @Test
    void onlyGreaseSuitesHashAsZeros() {
        byte[] hello = new ClientHelloBuilder()
                .cipherSuites(0x0a0a)
                .extension(0x000a, TlsBytes.hex("0002 001d"))
                .handshake();

        assertThat(fingerprint(hello, Ja4Fingerprint.TCP)).isEqualTo("t12i000100_000000000000_" + hash("000a"));
    }

    @Test
    void countsStopAtNinetyNineWhileTheHashCoversEverySuite() {
        int[] suites = new int[150];
        StringBuilder sorted = new StringBuilder();
        for (int i = 0; i < suites.length; i++) {
            suites[i] = 0x0400 - i; // descending, so the sort has work to do
        }
        int[] ascending = suites.clone();
        Arrays.sort(ascending);
        for (int suite : ascending) {
            sorted.append(sorted.isEmpty() ? "" : ",").append(String.format("%04x", suite));
        }
        byte[] hello = new ClientHelloBuilder().cipherSuites(suites).handshake();

        assertThat(fingerprint(hello, Ja4Fingerprint.TCP))
                .isEqualTo("t12i990000_" + hash(sorted.toString()) + "_000000000000");
    }

    @Test
    void versionComesFromSupportedVersionsOrTheLegacyVersion() {
        assertThat(versionOf(0x0303, new int[] {0x0304, 0x0303})).isEqualTo("13");
        assertThat(versionOf(0x0303, new int[] {0x0302, 0x0303})).isEqualTo("12"); // the highest, not the first
        assertThat(versionOf(0x0302, null)).isEqualTo("11");
        assertThat(versionOf(0x0300, null)).isEqualTo("s3");
        assertThat(versionOf(0x0303, new int[] {0x7f1c})).isEqualTo("00"); // a draft version is unknown
        assertThat(versionOf(0x0303, new int[] {0xfefc})).isEqualTo("d3");
    }

    @Test
    void supportedVersionsOfOnlyGreaseGivesNoFingerprintAsTheReferenceDoes() {
        byte[] hello = new ClientHelloBuilder()
                .extension(0x002b, TlsBytes.hex("02 2a2a"))
                .handshake();

        assertThat(fingerprint(hello, Ja4Fingerprint.TCP)).isNull();
    }

    @Test
    void truncatedOrInconsistentBytesGiveNoFingerprint() {
        byte[] hello = example(EXAMPLE_SUITES, "h2").handshake();
        for (int length = 0; length < hello.length; length++) {
            assertThat(ja4.fingerprint(hello, 0, length, Ja4Fingerprint.TCP)).isNull();
        }
        byte[] badBlock = hello.clone();
        int extensions = 4 + 2 + 32 + 1 + 32 + 2 + 2 * EXAMPLE_SUITES.length + 2;
        badBlock[extensions] = (byte) 0x7f; // the extensions block now claims more than the message holds
        assertThat(ja4.fingerprint(badBlock, 0, badBlock.length, Ja4Fingerprint.TCP))
                .isNull();
    }

    @Test
    void aFingerprintAllocatesOnlyItsString() {
        byte[] hello = example(EXAMPLE_SUITES, "h2").handshake();
        for (int i = 0; i < 20_000; i++) {
            ja4.fingerprint(hello, 0, hello.length, Ja4Fingerprint.TCP);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(threadId);
        int rounds = 10_000;
        for (int i = 0; i < rounds; i++) {
            ja4.fingerprint(hello, 0, hello.length, Ja4Fingerprint.TCP);
        }
        long perFingerprint = (threads.getThreadAllocatedBytes(threadId) - before) / rounds;

        // a 36-character Latin-1 String is a 24-byte object and a 56-byte array
        assertThat(perFingerprint).isLessThanOrEqualTo(96);
    }

    @Test
    void greaseValuesAreTheSixteenOfRfc8701() {
        int count = 0;
        for (int value = 0; value <= 0xffff; value++) {
            if (Ja4Fingerprint.isGrease(value)) {
                assertThat(value & 0xff).isEqualTo(value >> 8);
                assertThat(value & 0x0f).isEqualTo(0x0a);
                count++;
            }
        }
        assertThat(count).isEqualTo(16);
    }

    private String fingerprint(byte[] hello, char transport) {
        assertThat(ClientHelloParser.parse(hello, 0, hello.length)).isInstanceOf(ClientHelloResult.ClientHello.class);
        return ja4.fingerprint(hello, 0, hello.length, transport);
    }

    private String alpnOf(String... protocols) {
        return fingerprint(new ClientHelloBuilder().alpn(protocols).handshake(), Ja4Fingerprint.TCP)
                .substring(8, 10);
    }

    private String alpnOf(byte[] protocol) {
        byte[] list = TlsBytes.build(b -> b.vector16(l -> l.vector8(name -> name.bytes(protocol))));
        return fingerprint(new ClientHelloBuilder().extension(0x0010, list).handshake(), Ja4Fingerprint.TCP)
                .substring(8, 10);
    }

    private String versionOf(int legacy, int[] supported) {
        ClientHelloBuilder builder = new ClientHelloBuilder().legacyVersion(legacy);
        if (supported != null) {
            builder.extension(0x002b, supportedVersions(supported));
        }
        return fingerprint(builder.handshake(), Ja4Fingerprint.TCP).substring(1, 3);
    }

    static ClientHelloBuilder example(int[] suites, String alpn) {
        ClientHelloBuilder builder = new ClientHelloBuilder().cipherSuites(suites);
        addExampleExtensions(builder, alpn, new int[] {0x0304, 0x0303}, EXAMPLE_SIGNATURE_ALGORITHMS);
        return builder;
    }

    private static void addExampleExtensions(
            ClientHelloBuilder builder, String alpn, int[] versions, int[] signatureAlgorithms) {
        for (int type : EXAMPLE_EXTENSIONS) {
            addExtension(builder, type, alpn, versions, signatureAlgorithms);
        }
    }

    private static void addExtension(
            ClientHelloBuilder builder, int type, String alpn, int[] versions, int[] signatureAlgorithms) {
        switch (type) {
            case 0x0000 -> builder.serverName("www.example.com");
            case 0x0010 -> builder.alpn(alpn);
            case 0x002b -> builder.extension(type, supportedVersions(versions));
            case 0x000d ->
                builder.extension(
                        type,
                        TlsBytes.build(b -> b.vector16(
                                list -> Arrays.stream(signatureAlgorithms).forEach(list::u16))));
            default -> builder.extension(type, new byte[0]);
        }
    }

    private static int[] withGrease() {
        int[] schemes = new int[EXAMPLE_SIGNATURE_ALGORITHMS.length + 1];
        schemes[0] = 0x6a6a;
        System.arraycopy(EXAMPLE_SIGNATURE_ALGORITHMS, 0, schemes, 1, EXAMPLE_SIGNATURE_ALGORITHMS.length);
        return schemes;
    }

    private static byte[] supportedVersions(int[] versions) {
        return TlsBytes.build(b -> b.vector8(list -> Arrays.stream(versions).forEach(list::u16)));
    }

    /** SHA-256 of the text, first twelve hex digits: JA4.md's truncated hash, for lists spelled out in a test. */
    static String hash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
