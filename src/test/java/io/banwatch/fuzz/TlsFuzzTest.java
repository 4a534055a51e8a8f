package io.banwatch.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.banwatch.inspect.tls.ClientHelloParser;
import io.banwatch.inspect.tls.ClientHelloResult;

/**
 * The one ClientHello parser (used by TLS over TCP and by QUIC) on a handshake message of any content. It returns a
 * result for every input; a parsed hello's server name is in the wire-text form. Reassembly from TCP records is
 * {@link StreamFuzzTest#tlsStream}, from QUIC CRYPTO frames {@code QuicFuzzTest}.
 */
class TlsFuzzTest {

    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void clientHello(byte[] input) {
        // The message in the middle of a larger array, as in a reassembly buffer.
        byte[] buffer = new byte[input.length + 7];
        System.arraycopy(input, 0, buffer, 3, input.length);
        ClientHelloResult result = ClientHelloParser.parse(buffer, 3, input.length);
        assertThat(result).isNotNull();
        if (result instanceof ClientHelloResult.ClientHello hello) {
            FuzzInvariants.wireName(hello.serverName());
            if (hello.serverName() != null) {
                assertThat(hello.serverName()).doesNotEndWith(".");
            }
            assertThat(hello.messageLength()).isBetween(ClientHelloParser.HANDSHAKE_HEADER_LENGTH, input.length);
            assertThat(hello.alpnProtocols()).hasSizeLessThanOrEqualTo(ClientHelloParser.MAX_ALPN_PROTOCOLS);
        }
    }
}
