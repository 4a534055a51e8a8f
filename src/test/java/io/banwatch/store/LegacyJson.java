package io.banwatch.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/** Writes the event JSON as schema versions 1 to 5 kept it ({@link JsonCodec}), to make stores of those versions. */
final class LegacyJson {

    private LegacyJson() {}

    static byte[] encode(String json) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setDictionary(JsonCodec.DICTIONARY);
            byte[] input = json.getBytes(StandardCharsets.UTF_8);
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 3 + 16);
            byte[] chunk = new byte[512];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
