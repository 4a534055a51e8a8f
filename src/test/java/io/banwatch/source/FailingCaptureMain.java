package io.banwatch.source;

import java.nio.file.Path;

/**
 * A child process for {@link FatalErrorExitTest}: replays a capture file through real libpcap with a handler that
 * runs out of memory at the first packet, or (with {@code thread}) lets an Error escape a plain thread.
 */
public final class FailingCaptureMain {

    private FailingCaptureMain() {}

    public static void main(String[] args) throws Exception {
        FatalErrors.installHandler();
        if (args[0].equals("thread")) {
            Thread worker = new Thread(
                    () -> {
                        throw new StackOverflowError("from a worker");
                    },
                    "worker");
            worker.start();
            worker.join();
            Thread.sleep(60_000); // the handler halts the process long before
            return;
        }
        try (PcapCapture capture = Captures.openFile(Path.of(args[1]))) {
            capture.run((linkType, data, captureLength, wireLength, timestampNanos) -> {
                // A real OutOfMemoryError: no heap can hold this array ("Requested array size exceeds VM limit").
                long[] huge = new long[Integer.MAX_VALUE - 2];
                huge[0] = data.length;
            });
        }
        System.out.println("replay ended normally");
    }
}
