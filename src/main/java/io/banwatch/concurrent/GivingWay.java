package io.banwatch.concurrent;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the calling thread, for threads whose work can wait while the capture's cannot:
 * the event pipeline, the store's writer, the Kafka sink's sender and the API's queries. A packet the capture thread
 * reads late is lost in the kernel; an event the pipeline or the writer takes a moment later is not. On two cores the
 * capture thread shared its core with them and with the JIT's compilers: with the pipeline and the writer at a nice
 * value 10 above the process's, a replay of the 2,000,000-packet tap capture with the store took 2.39 s instead of
 * 2.66 s (2.07 s without the store; medians of 6 alternating runs; README, Performance), the writer and the pipeline
 * catching up when a core was idle.
 *
 * <p>Linux only: there the nice value belongs to each thread and {@code setpriority(PRIO_PROCESS, 0, n)} sets the
 * calling thread's (setpriority(2), NOTES); on other systems it would lower the whole process, so nothing is done.
 * Raising one's nice value needs no privilege. The value is relative to the thread's own: a service started with
 * {@code Nice=} keeps the same distance. A thread inherits the nice value of the thread that starts it, so the alert
 * sinks' delivery threads, which the pipeline's loop starts with the first alert, run at its level too (their work
 * is waiting on the network, not on a core).
 */
public final class GivingWay {

    /** How much lower than the capture threads the threads that give way run (nice 0 to 10, say). */
    public static final int NICE_OFFSET = 10;

    // The highest nice value Linux accepts (setpriority(2)): the lowest priority.
    private static final int LOWEST = 19;

    private static final int PRIO_PROCESS = 0;

    private static final Logger log = LoggerFactory.getLogger(GivingWay.class);

    private GivingWay() {}

    /**
     * Lowers the calling thread's priority by {@link #NICE_OFFSET}; where that cannot be done (another system, a
     * seccomp filter refusing the call) the thread goes on as it was.
     *
     * @return whether the thread's priority was lowered
     */
    public static boolean lowerThisThread() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            int nice = LibC.getpriority(PRIO_PROCESS, 0);
            if (nice >= LOWEST) {
                return false;
            }
            LibC.setpriority(PRIO_PROCESS, 0, Math.min(LOWEST, nice + NICE_OFFSET));
            return true;
        } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            log.debug("thread {} keeps its priority: {}", Thread.currentThread().getName(), e.toString());
            return false;
        }
    }

    /** The C library's two calls, loaded on first use (on Linux only). */
    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        private LibC() {}

        /** getpriority(2): the nice value (-20 to 19; glibc turns the kernel's 1 to 40 into it). */
        static native int getpriority(int which, int who) throws LastErrorException;

        static native int setpriority(int which, int who, int prio) throws LastErrorException;
    }
}
