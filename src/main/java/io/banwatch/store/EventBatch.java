package io.banwatch.store;

import java.util.List;

/**
 * The events of one batch, read by position: a list of rows, or the arrays the writer's queue reuses. The insert reads
 * a row's values through the column methods, which the queue answers from its arrays without making the row's texts
 * again (the terms' pass has numbered those already).
 */
interface EventBatch {

    int size();

    StoredEvent get(int index);

    /** The row without its JSON (an empty array), for a pass that reads only its columns. */
    default StoredEvent withoutDetail(int index) {
        return get(index);
    }

    default long timestampNanos(int index) {
        return get(index).timestampNanos();
    }

    default int sourcePort(int index) {
        return get(index).sourcePort();
    }

    default int destinationPort(int index) {
        return get(index).destinationPort();
    }

    default long destinationBytes(int index) {
        return get(index).destinationBytes();
    }

    /**
     * The row's JSON, in an array nothing changes while the batch is written: the driver keeps it until the insert
     * runs (the writer's queue copies it out of the arrays it reuses).
     */
    default byte[] detail(int index) {
        return get(index).detail();
    }

    /** The rows from {@code from} (inclusive) to {@code to} (exclusive), read through this batch. */
    default EventBatch slice(int from, int to) {
        return from == 0 && to == size() ? this : new Slice(this, from, to);
    }

    static EventBatch of(List<StoredEvent> events) {
        return new EventBatch() {
            @Override
            public int size() {
                return events.size();
            }

            @Override
            public StoredEvent get(int index) {
                return events.get(index);
            }
        };
    }

    /** Part of a batch, each method the whole batch's at the row's place in it. */
    record Slice(EventBatch whole, int from, int to) implements EventBatch {

        @Override
        public int size() {
            return to - from;
        }

        @Override
        public StoredEvent get(int index) {
            return whole.get(from + index);
        }

        @Override
        public StoredEvent withoutDetail(int index) {
            return whole.withoutDetail(from + index);
        }

        @Override
        public long timestampNanos(int index) {
            return whole.timestampNanos(from + index);
        }

        @Override
        public int sourcePort(int index) {
            return whole.sourcePort(from + index);
        }

        @Override
        public int destinationPort(int index) {
            return whole.destinationPort(from + index);
        }

        @Override
        public long destinationBytes(int index) {
            return whole.destinationBytes(from + index);
        }

        @Override
        public byte[] detail(int index) {
            return whole.detail(from + index);
        }
    }
}
