package io.banwatch.store;

import java.util.List;

/** The events of one batch, read by position: a list of rows, or the arrays the writer's queue reuses. */
interface EventBatch {

    int size();

    StoredEvent get(int index);

    /** The row without its JSON (an empty array), for a pass that reads only its columns. */
    default StoredEvent withoutDetail(int index) {
        return get(index);
    }

    /** The rows from {@code from} (inclusive) to {@code to} (exclusive), read through this batch. */
    default EventBatch slice(int from, int to) {
        if (from == 0 && to == size()) {
            return this;
        }
        EventBatch whole = this;
        return new EventBatch() {
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
        };
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
}
