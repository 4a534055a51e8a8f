package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventPostingsTest {

    @Test
    void aBatchGetsARowPerTermAndChunkInKeyOrderWithItsOffsets() {
        long chunk = EventPostings.CHUNK_IDS;
        long[] ids = {chunk - 2, chunk - 1, chunk, chunk + 1, chunk + 2};
        long[] hosts = {9, 4, 9, 0, 9};
        List<EventPostings.Row> rows = EventPostings.rows(ids, hosts, ids.length);
        assertThat(rows)
                .extracting(EventPostings.Row::chunk, EventPostings.Row::term, EventPostings.Row::firstId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, 4L, chunk - 1),
                        org.assertj.core.groups.Tuple.tuple(0L, 9L, chunk - 2),
                        org.assertj.core.groups.Tuple.tuple(1L, 9L, chunk));
        // Offsets within the chunk, two bytes each, big-endian: 32,766 is 0x7FFE.
        assertThat(rows.get(1).ids()).containsExactly(0x7F, 0xFE);
        assertThat(rows.get(2).ids()).containsExactly(0x00, 0x00, 0x00, 0x02);
    }

    @Test
    void decodingGivesTheIdsBackForTheRowsChunk() {
        long[] ids = {70_000, 70_001, 98_303};
        List<EventPostings.Row> rows = EventPostings.rows(ids, new long[] {5, 5, 5}, ids.length);
        assertThat(rows).singleElement().extracting(EventPostings.Row::chunk).isEqualTo(2L);
        long[] back = new long[4];
        int end = EventPostings.decode(2, rows.getFirst().ids(), back, 1);
        assertThat(end).isEqualTo(4);
        assertThat(Arrays.copyOfRange(back, 1, 4)).containsExactly(70_000, 70_001, 98_303);
        assertThat(EventPostings.count(rows.getFirst().ids())).isEqualTo(3);
    }

    @Test
    void rowsWithoutATermHaveNoPostings() {
        assertThat(EventPostings.rows(new long[] {1, 2}, new long[] {0, 0}, 2)).isEmpty();
    }
}
