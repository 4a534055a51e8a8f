package io.banwatch.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A step of a command's start run on a thread of its own while the start goes on, and joined where its result is
 * needed: {@link #join()} hands over the result, or throws what the step threw. A step no thread has begun by then
 * runs in the joining thread instead of being waited for.
 */
public final class StartedAhead<T> {

    private final FutureTask<T> task;

    private StartedAhead(Callable<T> step) {
        this.task = new FutureTask<>(step);
    }

    /** A step that {@link #run()} or {@link #join()} runs, whichever comes first. */
    public static <T> StartedAhead<T> of(Callable<T> step) {
        return new StartedAhead<>(step);
    }

    /** Starts {@code step} on a daemon thread named {@code threadName}. */
    public static <T> StartedAhead<T> start(String threadName, Callable<T> step) {
        StartedAhead<T> ahead = of(step);
        Thread.ofPlatform().name(threadName).daemon().start(ahead::run);
        return ahead;
    }

    /** Runs the step here unless it has begun elsewhere; then returns at once. */
    public void run() {
        task.run();
    }

    /**
     * The step's result, once it has one; an interrupt meanwhile is kept for the caller, since the step's result
     * (an open file, say) must not be left behind.
     *
     * @throws RuntimeException or {@link Error} as the step threw it; a checked exception wrapped in an
     *     {@link IllegalStateException}
     */
    public T join() {
        task.run();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
