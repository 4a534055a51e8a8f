package io.banwatch.store;

import io.banwatch.event.Event;
import io.banwatch.event.JsonOutput;
import io.banwatch.inspect.Observation;
import io.banwatch.pipeline.PipelineEvent;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The events waiting for the store's writer, kept in arrays that are reused batch after batch instead of as an
 * object per event: one set of arrays is filled by the pipeline while the writer writes the other, then they swap.
 *
 * <p>An event waits up to {@code store.flush_interval_ms} before its batch is written, long enough for the young
 * generation to be collected several times meanwhile; as objects (a row, its JSON and its texts), every waiting event
 * was copied to the old generation, whose garbage then grew the heap to its bound on a long replay (README, "The tap
 * capture looped"). Here the arrays are made once, for {@link #PRESIZED_ROWS} rows, and grow only past that; an
 * event's texts and JSON are copied into them, and the writer reads each row back as a {@link StoredEvent} that lives
 * only while its terms are numbered (its texts made once each, {@link TextInterner}), then binds its other values
 * straight from the arrays. The labels (vendor, category, rule, phase, severity, protocol, outcome, the sensor's name)
 * are kept as references: they are the catalog's and the enums' own strings, which live as long as the process.
 */
final class PendingEvents {

    // Texts per row: the client host, the name, the source and the destination address.
    private static final int TEXTS = 4;
    private static final int LABELS = StoredEvent.LABELS;

    /**
     * Rows each set of arrays is made for at the start: two of the writer's {@link StoreWriter#TAKE_AT}, what a batch
     * reaches when the writer is a batch behind, as it is once the store holds hundreds of thousands of events and its
     * indexes slow each insert. Arrays made at the start reach the old generation once, with the sensor's tables; grown
     * during a run (1,024 rows at first, doubled as needed), each growth left the arrays it replaced there as garbage,
     * and the new ones, a few MB at once, overfilled the survivor spaces of the next young collection, which then
     * promoted everything in them: the tap capture looped to 20 M packets ended 10 to 13% above the RSS of 2 M
     * packets, 3 to 6% with the arrays made at this size (README, "The tap capture looped"). About 7 MB a set.
     */
    static final int PRESIZED_ROWS = 2 * StoreWriter.TAKE_AT;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final int capacity;
    private final TextInterner texts = new TextInterner();
    private Batch filling;
    private Batch spare;

    /** @param capacity events that wait at most: half fill one set of arrays while the other half is written */
    PendingEvents(int capacity) {
        this(capacity, PRESIZED_ROWS);
    }

    /** As {@link #PendingEvents(int)}, each set of arrays made for {@code presizedRows} rows (at most a half). */
    PendingEvents(int capacity, int presizedRows) {
        this.capacity = Math.max(1, capacity / 2);
        int rows = Math.max(1, Math.min(this.capacity, presizedRows));
        this.filling = new Batch(rows, texts);
        this.spare = new Batch(rows, texts);
    }

    /** Texts the writer made anew because another had taken their slot in its {@link TextInterner}. */
    long textsReplaced() {
        return texts.replaced();
    }

    /** Events one set of arrays holds: a batch at most. */
    int batchCapacity() {
        return capacity;
    }

    /** Events waiting, not counting the batch being written. */
    int size() {
        lock.lock();
        try {
            return filling.size;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a matched event, its stored JSON written with {@code scratch} (kept by the caller), waiting at most
     * {@code timeoutNanos} for room (0: not at all).
     *
     * @return the events waiting with this one, 0 when there was no room
     */
    int add(Event event, String observer, JsonOutput scratch, long timeoutNanos) throws InterruptedException {
        int nanos = StoredJson.write(event, scratch);
        int detailLength = StoredJson.length(scratch, nanos);
        Observation o = event.observation();
        lock.lockInterruptibly();
        try {
            if (!awaitRoom(timeoutNanos)) {
                return 0;
            }
            Batch batch = filling;
            int row = batch.startRow(detailLength);
            batch.timestamps[row] = o.timestampNanos();
            batch.sourcePorts[row] = o.source().port();
            batch.destinationPorts[row] = o.destination().port();
            batch.destinationBytes[row] = StoredEvent.destinationBytes(event);
            StoredEvent.labels(event, observer, batch.labels, row * LABELS);
            batch.addText(PipelineEvent.clientHost(o));
            batch.addText(o.nameOrServer());
            batch.addText(o.source().ip());
            batch.addText(o.destination().ip());
            StoredJson.copy(scratch, nanos, batch.details, batch.detailEnd);
            batch.detailEnd += detailLength;
            return batch.endRow();
        } finally {
            lock.unlock();
        }
    }

    /** Adds a row made elsewhere (tests, tools); as {@link #add(Event, String, JsonOutput, long)}. */
    int add(StoredEvent e, long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (!awaitRoom(timeoutNanos)) {
                return 0;
            }
            Batch batch = filling;
            int row = batch.startRow(e.detail().length);
            batch.timestamps[row] = e.timestampNanos();
            batch.sourcePorts[row] = e.sourcePort();
            batch.destinationPorts[row] = e.destinationPort();
            batch.destinationBytes[row] = e.destinationBytes();
            e.labelsInto(batch.labels, row * LABELS);
            batch.addText(e.host());
            batch.addText(e.name());
            batch.addText(e.sourceIp());
            batch.addText(e.destinationIp());
            System.arraycopy(e.detail(), 0, batch.details, batch.detailEnd, e.detail().length);
            batch.detailEnd += e.detail().length;
            return batch.endRow();
        } finally {
            lock.unlock();
        }
    }

    private boolean awaitRoom(long timeoutNanos) throws InterruptedException {
        long remaining = timeoutNanos;
        while (filling.size == capacity) {
            if (remaining <= 0) {
                return false;
            }
            remaining = room.awaitNanos(remaining);
        }
        return true;
    }

    /**
     * Takes the events waiting, as a batch to write, and lets the pipeline fill the other set of arrays. Only the
     * writer calls this, and only after giving back the last batch it took.
     */
    Batch take() {
        lock.lock();
        try {
            Batch taken = filling;
            filling = spare;
            spare = null;
            room.signalAll();
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Gives a written batch back, to be filled again. */
    void release(Batch batch) {
        lock.lock();
        try {
            batch.clear();
            spare = batch;
        } finally {
            lock.unlock();
        }
    }

    /** One set of arrays: the rows of a batch, column by column, with their texts and JSON one after another. */
    static final class Batch implements EventBatch {
        // Room made per row: a host, a name and two addresses take about 64 characters; a row's JSON about 256 bytes.
        private static final int CHARS_PER_ROW = 64;
        private static final int DETAIL_BYTES_PER_ROW = 256;

        private int size;
        private long[] timestamps;
        private long[] destinationBytes;
        private int[] sourcePorts;
        private int[] destinationPorts;
        private String[] labels;
        // Each text's end in chars (or -1 - its start for null), each row's JSON's end in details.
        private int[] textEnds;
        private int[] detailEnds;
        private char[] texts;
        private byte[] details;
        private int textEnd;
        private int detailEnd;
        private int textsOfRow;
        private final TextInterner interner;

        Batch(int rows, TextInterner interner) {
            this.interner = interner;
            timestamps = new long[rows];
            destinationBytes = new long[rows];
            sourcePorts = new int[rows];
            destinationPorts = new int[rows];
            labels = new String[rows * LABELS];
            textEnds = new int[rows * TEXTS];
            detailEnds = new int[rows];
            texts = new char[rows * CHARS_PER_ROW];
            details = new byte[rows * DETAIL_BYTES_PER_ROW];
        }

        @Override
        public int size() {
            return size;
        }

        /** Rows the arrays hold before they grow. */
        int roomForRows() {
            return timestamps.length;
        }

        private int startRow(int detailLength) {
            if (size == timestamps.length) {
                int rows = size * 2;
                timestamps = Arrays.copyOf(timestamps, rows);
                destinationBytes = Arrays.copyOf(destinationBytes, rows);
                sourcePorts = Arrays.copyOf(sourcePorts, rows);
                destinationPorts = Arrays.copyOf(destinationPorts, rows);
                labels = Arrays.copyOf(labels, rows * LABELS);
                textEnds = Arrays.copyOf(textEnds, rows * TEXTS);
                detailEnds = Arrays.copyOf(detailEnds, rows);
            }
            if (details.length - detailEnd < detailLength) {
                details = Arrays.copyOf(details, Math.max(details.length * 2, detailEnd + detailLength));
            }
            textsOfRow = 0;
            return size;
        }

        private void addText(String text) {
            int at = size * TEXTS + textsOfRow++;
            if (text == null) {
                textEnds[at] = -1 - textEnd;
                return;
            }
            int length = text.length();
            if (texts.length - textEnd < length) {
                texts = Arrays.copyOf(texts, Math.max(texts.length * 2, textEnd + length));
            }
            text.getChars(0, length, texts, textEnd);
            textEnd += length;
            textEnds[at] = textEnd;
        }

        private int endRow() {
            detailEnds[size] = detailEnd;
            return ++size;
        }

        private void clear() {
            Arrays.fill(labels, 0, size * LABELS, null); // the strings of a catalog reloaded since can go
            size = 0;
            textEnd = 0;
            detailEnd = 0;
        }

        @Override
        public StoredEvent get(int row) {
            return event(row, detail(row));
        }

        @Override
        public long timestampNanos(int row) {
            return timestamps[row];
        }

        @Override
        public int sourcePort(int row) {
            return sourcePorts[row];
        }

        @Override
        public int destinationPort(int row) {
            return destinationPorts[row];
        }

        @Override
        public long destinationBytes(int row) {
            return destinationBytes[row];
        }

        @Override
        public byte[] detail(int row) {
            int detailStart = row == 0 ? 0 : detailEnds[row - 1];
            return Arrays.copyOfRange(details, detailStart, detailEnds[row]);
        }

        @Override
        public StoredEvent withoutDetail(int row) {
            return event(row, NO_DETAIL);
        }

        private StoredEvent event(int row, byte[] detail) {
            int t = row * TEXTS;
            return StoredEvent.of(
                    timestamps[row],
                    labels,
                    row * LABELS,
                    text(t),
                    text(t + 1),
                    text(t + 2),
                    sourcePorts[row],
                    text(t + 3),
                    destinationPorts[row],
                    destinationBytes[row],
                    detail);
        }

        private String text(int at) {
            int end = textEnds[at];
            if (end < 0) {
                return null;
            }
            int start = at == 0 ? 0 : textStart(at - 1);
            return interner.intern(texts, start, end);
        }

        // Where the text after the one at index previous starts: its end, or its start when it is null.
        private int textStart(int previous) {
            int end = textEnds[previous];
            return end < 0 ? -1 - end : end;
        }
    }

    private static final byte[] NO_DETAIL = {};
}
