package io.banwatch.inspect.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.banwatch.inspect.tls.ClientHelloResult.ClientHello;
import io.banwatch.inspect.tls.ClientHelloResult.Malformed;
import io.banwatch.inspect.tls.ClientHelloResult.NeedMoreData;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientHelloParserTest {

    static ClientHelloResult parse(byte[] handshake) {
        return ClientHelloParser.parse(handshake, 0, handshake.length);
    }

    static ClientHello parseHello(byte[] handshake) {
        ClientHelloResult result = parse(handshake);
        assertThat(result).isInstanceOf(ClientHello.class);
        return (ClientHello) result;
    }

    static byte[] patched(byte[] original, int index, int value) {
        byte[] copy = original.clone();
        copy[index] = (byte) value;
        return copy;
    }

    @Nested
    class WellFormed {

        @Test
        void rfc8448ClientHelloHasServerNameServer() {
            assertThat(parse(Rfc8448.CLIENT_HELLO)).isEqualTo(new ClientHello("server", false, List.of(), false, 196));
        }

        @Test
        void readsInPlaceAtAnOffsetAndIgnoresBytesAfterTheMessage() {
            byte[] window = TlsBytes.concat(new byte[] {9, 9, 9}, Rfc8448.CLIENT_HELLO, new byte[] {2, 0, 0, 1});

            ClientHelloResult result = ClientHelloParser.parse(window, 3, window.length - 3);

            assertThat(result).isEqualTo(new ClientHello("server", false, List.of(), false, 196));
        }

        @Test
        void chromePostQuantumHello() {
            byte[] handshake = ChromeHello.handshake("dnl-07.geo.kaspersky.com");

            assertThat(handshake).hasSize(ChromeHello.LENGTH);
            assertThat(parse(handshake))
                    .isEqualTo(new ClientHello(
                            "dnl-07.geo.kaspersky.com", true, List.of("h2", "http/1.1"), false, ChromeHello.LENGTH));
        }

        @Test
        void helloWithoutExtensionsIsAnOlderClientWithoutServerName() {
            byte[] handshake = TlsBytes.build(b -> b.u8(1)
                    .vector24(body -> body.u16(0x0301)
                            .filler(0, 32)
                            .u8(0)
                            .vector16(suites -> suites.u16(0x002f))
                            .vector8(compression -> compression.u8(0))));

            assertThat(parse(handshake)).isEqualTo(new ClientHello(null, false, List.of(), false, handshake.length));
        }

        @Test
        void innerEchTypeIsNotAnOfferOnTheWire() {
            byte[] handshake = new ClientHelloBuilder()
                    .extension(ChromeHello.ENCRYPTED_CLIENT_HELLO, new byte[] {1})
                    .handshake();

            assertThat(parseHello(handshake).echOffered()).isFalse();
        }

        @Test
        void takesTheFirstHostNameAfterOtherNameTypes() {
            byte[] sni = TlsBytes.build(b -> b.vector16(list -> list.u8(7)
                    .vector16(other -> other.bytes("ignored".getBytes(StandardCharsets.US_ASCII)))
                    .u8(0)
                    .vector16(name -> name.bytes("first.example".getBytes(StandardCharsets.US_ASCII)))
                    .u8(0)
                    .vector16(name -> name.bytes("second.example".getBytes(StandardCharsets.US_ASCII)))));

            assertThat(parseHello(new ClientHelloBuilder().extension(0, sni).handshake())
                            .serverName())
                    .isEqualTo("first.example");
        }

        @Test
        void serverNameListWithoutHostNameGivesNoName() {
            byte[] sni = TlsBytes.build(b -> b.vector16(list -> list.u8(3).vector16(other -> other.u8('x'))));

            assertThat(parseHello(new ClientHelloBuilder().extension(0, sni).handshake())
                            .serverName())
                    .isNull();
        }

        @Test
        void keepsAtMostMaxAlpnProtocolsAndSaysSo() {
            byte[] handshake = new ClientHelloBuilder()
                    .alpn("h3", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8")
                    .handshake();

            ClientHello hello = parseHello(handshake);

            assertThat(hello.alpnProtocols()).containsExactly("h3", "p1", "p2", "p3", "p4", "p5", "p6", "p7");
            assertThat(hello.alpnTruncated()).isTrue();
        }

        @Test
        void acceptsAHelloOfExactlyTheMaximumSize() {
            byte[] unpadded = new ClientHelloBuilder().serverName("big.example").handshake();
            int padding = 4 + ClientHelloParser.MAX_CLIENT_HELLO_BYTES - unpadded.length - 4;
            byte[] handshake = new ClientHelloBuilder()
                    .serverName("big.example")
                    .extension(ChromeHello.PADDING, new byte[padding])
                    .handshake();

            assertThat(handshake).hasSize(4 + ClientHelloParser.MAX_CLIENT_HELLO_BYTES);
            assertThat(parseHello(handshake).serverName()).isEqualTo("big.example");
        }
    }

    @Nested
    class ServerNameNormalisation {

        @ParameterizedTest
        @CsvSource({
            "WWW.Example.COM., www.example.com",
            "dnl-07.geo.kaspersky.com, dnl-07.geo.kaspersky.com",
            "a.b., a.b",
            "'back\\slash', 'back\\slash'",
        })
        void lowerCasesAndStripsOneTrailingDot(String onTheWire, String expected) {
            assertThat(parseHello(new ClientHelloBuilder().serverName(onTheWire).handshake())
                            .serverName())
                    .isEqualTo(expected);
        }

        @Test
        void escapesBytesOutsidePrintableAsciiAsOctal() {
            byte[] name = {'A', ' ', 'b', (byte) 0xff, '\n', 0, 0x7f, 'C'};
            byte[] handshake = new ClientHelloBuilder()
                    .extension(0, ClientHelloBuilder.serverNameData(name))
                    .handshake();

            assertThat(parseHello(handshake).serverName()).isEqualTo("a\\040b\\377\\012\\000\\177c");
        }

        @Test
        void acceptsTheLongestName() {
            String name = "a".repeat(ClientHelloParser.MAX_SERVER_NAME_BYTES);

            assertThat(parseHello(new ClientHelloBuilder().serverName(name).handshake())
                            .serverName())
                    .isEqualTo(name);
        }
    }

    @Nested
    class Incomplete {

        @Test
        void everyPrefixOfTheMessageNeedsMoreData() {
            byte[] handshake = ChromeHello.handshake("dnl-07.geo.kaspersky.com");
            for (int length = 0; length < handshake.length; length++) {
                assertThat(ClientHelloParser.parse(handshake, 0, length))
                        .as("prefix of %d bytes", length)
                        .isInstanceOf(NeedMoreData.class);
            }
        }

        @Test
        void anotherHandshakeTypeIsRejectedFromItsFirstByte() {
            assertThat(ClientHelloParser.parse(new byte[] {2}, 0, 1))
                    .isEqualTo(new Malformed(TlsAnomaly.HANDSHAKE_NOT_CLIENT_HELLO));
        }

        @Test
        void anOversizeLengthIsRejectedBeforeTheBodyArrives() {
            byte[] header = {1, 0x01, 0x00, 0x01};

            assertThat(ClientHelloParser.parse(header, 0, 4))
                    .isEqualTo(new Malformed(TlsAnomaly.CLIENT_HELLO_TOO_LONG));
        }
    }

    /** One defect that leaves the names readable, as tshark reads them: the hello is reported and the defect named. */
    @Nested
    class Tolerates {

        @Test
        void anOddCipherSuitesLengthAfterWhichTheRestStaysInStep() {
            // Five instead of six: the last suite byte (0x02) is read as the compression methods length, the two
            // bytes after it (01 00) as the methods, and the extensions block follows where it always was.
            assertThat(parse(patched(Rfc8448.CLIENT_HELLO, 40, 5)))
                    .isEqualTo(new ClientHello(
                            "server", false, List.of(), false, 196, TlsAnomaly.CIPHER_SUITES_LENGTH_ODD));
        }

        @Test
        void anExtensionsBlockThatEndsEarlyIsReadUpToItsEnd() {
            // 0x90 instead of 0x91: the last extension (record_size_limit) crosses the block's end and is left out.
            assertThat(parse(patched(Rfc8448.CLIENT_HELLO, 50, 0x90)))
                    .isEqualTo(new ClientHello(
                            "server", false, List.of(), false, 196, TlsAnomaly.EXTENSIONS_LENGTH_SHORT));
        }

        @Test
        void aBlockTooShortForTheServerNameGivesNoName() {
            assertThat(parse(patched(Rfc8448.CLIENT_HELLO, 50, 5)))
                    .isEqualTo(new ClientHello(null, false, List.of(), false, 196, TlsAnomaly.EXTENSIONS_LENGTH_SHORT));
        }

        @Test
        void aLegacyVersionOutsideThreeDotX() {
            assertThat(parse(patched(Rfc8448.CLIENT_HELLO, 4, 2)))
                    .isEqualTo(new ClientHello("server", false, List.of(), false, 196, TlsAnomaly.CLIENT_VERSION_BAD));
        }

        @Test
        void aBadVersionAndAnOddCipherSuitesLengthAreOneTooMany() {
            byte[] both = patched(patched(Rfc8448.CLIENT_HELLO, 4, 2), 40, 5);

            assertThat(parse(both)).isEqualTo(new Malformed(TlsAnomaly.CIPHER_SUITES_LENGTH_BAD));
        }

        @Test
        void aBadVersionAndAShortExtensionsBlockAreOneTooMany() {
            byte[] both = patched(patched(Rfc8448.CLIENT_HELLO, 4, 2), 50, 0x90);

            assertThat(parse(both)).isEqualTo(new Malformed(TlsAnomaly.EXTENSIONS_LENGTH_BAD));
        }

        @Test
        void twoDefectsAreOneTooMany() {
            byte[] both = patched(patched(Rfc8448.CLIENT_HELLO, 40, 5), 50, 0x90);

            assertThat(parse(both)).isEqualTo(new Malformed(TlsAnomaly.EXTENSIONS_LENGTH_BAD));
        }

        @Test
        void aWellFormedHelloHasNothingTolerated() {
            assertThat(((ClientHello) parse(Rfc8448.CLIENT_HELLO)).tolerated()).isNull();
        }
    }

    @Nested
    class Rejects {

        // Offsets in the RFC 8448 hello: 4 legacy_version, 38 session id length, 39 cipher suites length,
        // 47 compression methods length, 49 extensions length, 51 server_name, 190 the last extension.
        @ParameterizedTest
        @CsvSource({
            "0, 2, HANDSHAKE_NOT_CLIENT_HELLO",
            "1, 1, CLIENT_HELLO_TOO_LONG",
            "38, 33, SESSION_ID_LENGTH_BAD",
            "40, 0, CIPHER_SUITES_LENGTH_BAD",
            "39, 255, CIPHER_SUITES_LENGTH_BAD",
            "47, 0, COMPRESSION_METHODS_LENGTH_BAD",
            "47, 255, COMPRESSION_METHODS_LENGTH_BAD",
            "50, 0x92, EXTENSIONS_LENGTH_BAD",
            "193, 3, EXTENSION_LENGTH_BAD",
            "191, 0x2d, EXTENSION_DUPLICATE",
            "56, 10, SNI_MALFORMED",
            "56, 8, SNI_MALFORMED",
            "59, 5, SNI_MALFORMED",
            "59, 7, SNI_MALFORMED",
        })
        void rfc8448HelloWithOneBytePatched(int index, String value, TlsAnomaly expected) {
            byte[] handshake = patched(Rfc8448.CLIENT_HELLO, index, Integer.decode(value));

            assertThat(parse(handshake)).isEqualTo(new Malformed(expected));
        }

        @Test
        void bodyTooShortForItsFixedFields() {
            byte[] handshake = TlsBytes.build(
                    b -> b.u8(1).vector24(body -> body.u16(0x0303).filler(0, 20)));

            assertThat(parse(handshake)).isEqualTo(new Malformed(TlsAnomaly.CLIENT_HELLO_TRUNCATED));
        }

        @Test
        void oneStrayByteAfterTheCompressionMethods() {
            byte[] handshake = TlsBytes.build(b -> b.u8(1)
                    .vector24(body -> body.u16(0x0303)
                            .filler(0, 32)
                            .u8(0)
                            .vector16(suites -> suites.u16(0x1301))
                            .vector8(compression -> compression.u8(0))
                            .u8(0)));

            assertThat(parse(handshake)).isEqualTo(new Malformed(TlsAnomaly.CLIENT_HELLO_TRUNCATED));
        }

        @Test
        void extensionHeaderCutByTheBlockEnd() {
            byte[] handshake = TlsBytes.build(b -> b.u8(1)
                    .vector24(body -> body.u16(0x0303)
                            .filler(0, 32)
                            .u8(0)
                            .vector16(suites -> suites.u16(0x1301))
                            .vector8(compression -> compression.u8(0))
                            .vector16(block -> block.u16(0x0017).u8(0))));

            assertThat(parse(handshake)).isEqualTo(new Malformed(TlsAnomaly.EXTENSION_LENGTH_BAD));
        }

        @Test
        void moreExtensionsThanTheCap() {
            ClientHelloBuilder builder = new ClientHelloBuilder();
            for (int type = 0x1000; type <= 0x1000 + ClientHelloParser.MAX_EXTENSIONS; type++) {
                builder.extension(type, new byte[0]);
            }

            assertThat(parse(builder.handshake())).isEqualTo(new Malformed(TlsAnomaly.TOO_MANY_EXTENSIONS));
        }

        @Test
        void duplicateServerName() {
            byte[] handshake = new ClientHelloBuilder()
                    .serverName("a.example")
                    .serverName("b.example")
                    .handshake();

            assertThat(parse(handshake)).isEqualTo(new Malformed(TlsAnomaly.EXTENSION_DUPLICATE));
        }

        @Test
        void serverNameLongerThanADomainName() {
            String name = "a".repeat(ClientHelloParser.MAX_SERVER_NAME_BYTES + 1);

            assertThat(parse(new ClientHelloBuilder().serverName(name).handshake()))
                    .isEqualTo(new Malformed(TlsAnomaly.SNI_TOO_LONG));
        }

        @Test
        void serverNameThatIsOnlyADot() {
            assertThat(parse(new ClientHelloBuilder().serverName(".").handshake()))
                    .isEqualTo(new Malformed(TlsAnomaly.SNI_MALFORMED));
        }

        @Test
        void emptyServerNameExtension() {
            assertThat(parse(new ClientHelloBuilder().extension(0, new byte[0]).handshake()))
                    .isEqualTo(new Malformed(TlsAnomaly.SNI_MALFORMED));
        }

        @Test
        void alpnWithAnEmptyProtocolName() {
            assertThat(parse(new ClientHelloBuilder().alpn("h2", "").handshake()))
                    .isEqualTo(new Malformed(TlsAnomaly.ALPN_MALFORMED));
        }

        @Test
        void alpnWhoseNameRunsPastTheList() {
            byte[] alpn = TlsBytes.hex("0003 05 6832");

            assertThat(parse(new ClientHelloBuilder().extension(16, alpn).handshake()))
                    .isEqualTo(new Malformed(TlsAnomaly.ALPN_MALFORMED));
        }

        @Test
        void emptyEncryptedClientHello() {
            byte[] handshake = new ClientHelloBuilder()
                    .extension(ChromeHello.ENCRYPTED_CLIENT_HELLO, new byte[0])
                    .handshake();

            assertThat(parse(handshake)).isEqualTo(new Malformed(TlsAnomaly.ECH_MALFORMED));
        }
    }

    @Nested
    class Robustness {

        @Test
        void everyTruncationWithConsistentHeaderNeverThrowsAndNeverYieldsAName() {
            byte[] full = ChromeHello.handshake("dnl-07.geo.kaspersky.com");
            for (int bodyLength = 0; bodyLength < full.length - 4; bodyLength++) {
                byte[] handshake = Arrays.copyOf(full, 4 + bodyLength);
                handshake[1] = (byte) (bodyLength >>> 16);
                handshake[2] = (byte) (bodyLength >>> 8);
                handshake[3] = (byte) bodyLength;

                ClientHelloResult result = parse(handshake);

                assertThat(result).as("body of %d bytes", bodyLength).isNotInstanceOf(NeedMoreData.class);
                if (result instanceof ClientHello hello) {
                    assertThat(hello.serverName()).isNull();
                }
            }
        }

        @Test
        void randomBitFlipsNeverThrow() {
            byte[] original = ChromeHello.handshake("dnl-07.geo.kaspersky.com");
            Random random = new Random(20240929);
            for (int round = 0; round < 20_000; round++) {
                byte[] flipped = original.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                int length = random.nextInt(4) == 0 ? random.nextInt(flipped.length + 1) : flipped.length;

                assertThatCode(() -> ClientHelloParser.parse(flipped, 0, length))
                        .as("round %d", round)
                        .doesNotThrowAnyException();
            }
        }

        @Test
        void randomBytesNeverThrow() {
            Random random = new Random(7301);
            for (int round = 0; round < 20_000; round++) {
                byte[] noise = new byte[random.nextInt(300)];
                random.nextBytes(noise);
                if (noise.length > 0) {
                    noise[0] = 1;
                }

                assertThatCode(() -> parse(noise)).doesNotThrowAnyException();
            }
        }
    }
}
