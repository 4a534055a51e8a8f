package io.banwatch.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the event JSON as schema versions 1 to 5 kept it, whole, for the migration to version 6
 * ({@link EventDetailMigration}; version 6 keeps {@link StoredJson}'s form instead): raw DEFLATE (RFC 1951) with a
 * preset dictionary (RFC 1950 section 2.2) of the field names and values every event repeats. One event's JSON is a few hundred bytes, too short for DEFLATE to
 * find its own repeats; with the dictionary it shrinks about fourfold (measured with bench/store.sh). Never change
 * the dictionary of a shipped schema: stored rows need the one they were written with.
 */
final class JsonCodec {

    /** Schema version 1's dictionary: the shapes of EventJson, most frequent last (DEFLATE prefers near matches). */
    static final byte[] DICTIONARY = ("{\"@timestamp\":\"2024-10-02T14:00:00.000000Z\",\"event\":{\"outcome\":"
                    + "\"success\"},\"network\":{\"transport\":\"udp\",\"protocol\":\"dns\",\"vlan\":{\"id\":"
                    + "\"tunnel\":{\"id\":\"labels\":{\"name_source\":\"dns_answer\"}\"http\":{\"request\":{\"method\":"
                    + "\"GET\"},\"url\":{\"domain\":\"\",\"path\":\"/\"},\"dns\":{\"type\":\"answer\",\"id\":\"question\""
                    + ":{\"name\":\"\",\"type\":\"AAAA\"},\"response_code\":\"NOERROR\",\"answers\":[{\"name\":\"\","
                    + "\"type\":\"CNAME\",\"ttl\":300,\"data\":\"\"}]}\"quic\",\"tls\":{\"client\":{\"ech_offered\":true,"
                    + "\"server_name\":\"\"}},\"failure\"\"unknown\"\"kaspersky-labs.com\"\"ksn-url-geo\"\"geoksn\""
                    + "\"dnl-01.geo.kaspersky.com\"\"network\":{\"transport\":\"tcp\",\"protocol\":\"tls\"},\"source\":"
                    + "{\"ip\":\"10.1.2.3\",\"port\":50000,\"bytes\":1900},\"destination\":{\"ip\":\"203.0.113.7\","
                    + "\"port\":443,\"bytes\":4800},\"banwatch\":{\"vendor\":\"kaspersky\",\"category\":\"update\","
                    + "\"rule\":\"dnl-##.geo.kaspersky.com\",\"phase\":\"updates_banned\",\"severity\":\"critical\","
                    + "\"outcome\":\"connected\",\"outcome_reason\":\"tls_handshake\"}}")
            .getBytes(StandardCharsets.UTF_8);

    private JsonCodec() {}

    static String decode(byte[] stored) {
        Inflater inflater = new Inflater(true);
        try {
            // Raw DEFLATE takes its dictionary before the first byte (there is no header to ask for it).
            inflater.setDictionary(DICTIONARY);
            inflater.setInput(stored);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
            byte[] chunk = new byte[1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(chunk, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a stored event's JSON is damaged: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
