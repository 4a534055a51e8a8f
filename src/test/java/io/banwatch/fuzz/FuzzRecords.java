package io.banwatch.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte layout the sequence fuzz targets share: records of a two-byte big-endian length and that many bytes; the
 * last record takes whatever is left when its length runs past the end. A byte string of any shape is a valid input,
 * so the fuzzer never wastes executions on inputs the harness rejects.
 */
public final class FuzzRecords {

    /** More records than any target needs to reach its caps; a bound keeps one execution short. */
    public static final int MAX_RECORDS = 256;

    private FuzzRecords() {}

    public static List<byte[]> split(byte[] input) {
        List<byte[]> records = new ArrayList<>();
        int at = 0;
        while (at + 2 <= input.length && records.size() < MAX_RECORDS) {
            int length = ((input[at] & 0xff) << 8) | (input[at + 1] & 0xff);
            int end = Math.min(input.length, at + 2 + length);
            records.add(Arrays.copyOfRange(input, at + 2, end));
            at = end;
        }
        return records;
    }

    /** The inverse of {@link #split}, for seeds and regression inputs. */
    public static byte[] join(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] record : records) {
            out.write(record.length >>> 8);
            out.write(record.length);
            out.writeBytes(record);
        }
        return out.toByteArray();
    }

    /** A two-byte big-endian number at {@code offset}, 0 where the record is shorter. */
    public static int u16(byte[] record, int offset) {
        if (record.length < offset + 2) {
            return 0;
        }
        return ((record[offset] & 0xff) << 8) | (record[offset + 1] & 0xff);
    }
}
