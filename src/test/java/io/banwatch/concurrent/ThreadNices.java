package io.banwatch.concurrent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Nice values as the kernel reports them (proc_pid_stat(5)), for tests of threads that give way. */
public final class ThreadNices {

    private ThreadNices() {}

    /** Whether this system reports threads' nice values in /proc. */
    public static boolean readable() {
        return Files.exists(Path.of("/proc/thread-self/stat"));
    }

    /** The nice value of the calling thread. */
    public static int ofThisThread() {
        return niceIn(read(Path.of("/proc/thread-self/stat")));
    }

    /**
     * The nice values of this process's threads whose name starts with {@code prefix} (the kernel keeps the first 15
     * characters of a thread's name).
     */
    public static List<Integer> ofThreadsNamed(String prefix) {
        String kept = prefix.length() > 15 ? prefix.substring(0, 15) : prefix;
        List<Integer> nices = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = read(task.resolve("stat"));
                    if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .startsWith(kept)) {
                        nices.add(niceIn(stat));
                    }
                } catch (UncheckedIOException e) {
                    if (!(e.getCause() instanceof NoSuchFileException)) {
                        throw e;
                    }
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return nices;
    }

    // Field 19, counted from the state (field 3) after the name's closing parenthesis.
    private static int niceIn(String stat) {
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19 - 3]);
    }

    private static String read(Path stat) {
        try {
            return Files.readString(stat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
