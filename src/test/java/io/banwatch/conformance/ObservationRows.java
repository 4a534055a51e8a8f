package io.banwatch.conformance;

import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns banwatch observations into oracle rows, so both sides are compared in one shape. */
final class ObservationRows {

    private ObservationRows() {}

    static List<OracleRow> of(List<Observation> observations) {
        List<OracleRow> rows = new ArrayList<>();
        for (Observation o : observations) {
            if (o.nameSource() != null) {
                continue; // a name attributed from DNS was not in the flow, so tshark's fields cannot list it
            }
            String src = o.source().ip();
            String dst = o.destination().ip();
            int sp = o.source().port();
            int dp = o.destination().port();
            switch (o.protocol()) {
                case DNS -> {
                    if (o.dns().type() == Observation.DnsMessageType.QUERY) {
                        rows.add(new OracleRow("dns_query", src, dst, sp, dp, asTsharkPrints(o.name()), ""));
                    } else {
                        for (DnsRecord r : o.dns().answers()) {
                            rows.add(new OracleRow("dns_answer", src, dst, sp, dp, asTsharkPrints(r.name()), r.data()));
                        }
                    }
                }
                case TLS -> rows.add(new OracleRow("tls_sni", src, dst, sp, dp, o.name(), ""));
                case QUIC -> rows.add(new OracleRow("quic_sni", src, dst, sp, dp, o.name(), ""));
                case HTTP -> rows.add(new OracleRow("http_host", src, dst, sp, dp, o.name(), ""));
            }
        }
        return rows;
    }

    /**
     * A DNS name as tshark prints the same octets. banwatch writes every octet outside printable ASCII as a backslash
     * and three octal digits, which keeps the exact bytes; tshark does so below 0x80 but decodes octets from 0x80 up as
     * UTF-8, printing U+FFFD for what is not. Both name the same bytes; this turns the first form into the second.
     */
    static String asTsharkPrints(String name) {
        if (name == null || !name.contains("\\2") && !name.contains("\\3")) {
            return name;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && isOctal(name, i + 1) && name.charAt(i + 1) >= '2') {
                bytes.write(Integer.parseInt(name.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
