package io.banwatch.flow;

import io.banwatch.decode.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A line protocol for tests: a stream starts with {@code L}; each line ending in LF is one message; the line
 * {@code SKIP n} also skips the next n bytes; the line {@code STOP} ends the direction.
 */
final class RecordingParser implements StreamParser {

    /** One parsed line with what the context said when it completed. */
    record Line(String text, long timestampNanos, Endpoint source, Endpoint destination, int vlanId, long tunnelId) {}

    final List<Line> lines = new ArrayList<>();
    final List<Integer> parseLengths = new ArrayList<>();
    int sniffCalls;
    boolean sawPacketArray;
    byte[] packetArray;
    private final byte magic;
    private final int maxPending;

    RecordingParser(char magic, int maxPending) {
        this.magic = (byte) magic;
        this.maxPending = maxPending;
    }

    RecordingParser() {
        this('L', 4096);
    }

    List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }

    @Override
    public Sniff sniff(byte[] data, int offset, int length) {
        sniffCalls++;
        if (length == 0) {
            return Sniff.NEED_MORE;
        }
        return data[offset] == magic ? Sniff.YES : Sniff.NO;
    }

    @Override
    public int parse(StreamContext context, byte[] data, int offset, int length) {
        parseLengths.add(length);
        if (packetArray != null && data == packetArray) {
            sawPacketArray = true;
        }
        for (int i = offset; i < offset + length; i++) {
            if (data[i] == '\n') {
                String text = new String(data, offset, i - offset, StandardCharsets.ISO_8859_1);
                lines.add(new Line(
                        text,
                        context.timestampNanos(),
                        context.source(),
                        context.destination(),
                        context.vlanId(),
                        context.tunnelId()));
                String command = text.isEmpty() || text.charAt(0) != magic ? text : text.substring(1);
                if (command.equals("STOP")) {
                    return DONE;
                }
                int consumed = i + 1 - offset;
                if (command.startsWith("SKIP ")) {
                    return consumed + Integer.parseInt(command.substring(5));
                }
                return consumed;
            }
        }
        return 0;
    }

    @Override
    public int maxPendingBytes() {
        return maxPending;
    }
}
