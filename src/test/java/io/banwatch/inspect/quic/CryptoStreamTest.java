package io.banwatch.inspect.quic;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.inspect.quic.CryptoStream.Placement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CryptoStreamTest {

    final byte[] data = new byte[3000];
    final CryptoStream stream = new CryptoStream();
    final ByteBudget budget = new ByteBudget(1 << 20);

    CryptoStreamTest() {
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 13 + 5);
        }
    }

    Placement place(int from, int to) {
        return stream.place(from, data, from, to - from, budget);
    }

    @Test
    void piecesInReverseOrderBecomeContiguous() {
        assertThat(place(2000, 3000)).isEqualTo(Placement.PLACED);
        assertThat(place(1000, 2000)).isEqualTo(Placement.PLACED);
        assertThat(stream.contiguousLength()).isZero();
        assertThat(stream.rangeCount()).isEqualTo(1);

        assertThat(place(0, 1000)).isEqualTo(Placement.PLACED);

        assertThat(stream.contiguousLength()).isEqualTo(3000);
        assertThat(Arrays.copyOf(stream.buffer(), 3000)).isEqualTo(data);
    }

    @Test
    void overlapsBridgeSeveralRanges() {
        place(100, 200);
        place(300, 400);
        place(500, 600);
        assertThat(stream.rangeCount()).isEqualTo(3);

        place(150, 550);

        assertThat(stream.rangeCount()).isEqualTo(1);
        place(0, 100);
        assertThat(stream.contiguousLength()).isEqualTo(600);
        assertThat(Arrays.copyOf(stream.buffer(), 600)).isEqualTo(Arrays.copyOf(data, 600));
    }

    @Test
    void retransmissionThatDiffersKeepsTheFirstBytes() {
        place(0, 100);
        byte[] other = data.clone();
        other[50] ^= 1;

        assertThat(stream.place(40, other, 40, 20, budget)).isEqualTo(Placement.CONFLICT);
        assertThat(stream.buffer()[50]).isEqualTo(data[50]);
        assertThat(place(40, 60)).isEqualTo(Placement.PLACED);
    }

    @Test
    void emptyPieceChangesNothing() {
        assertThat(place(500, 500)).isEqualTo(Placement.PLACED);
        assertThat(stream.buffer()).isNull();
        assertThat(stream.rangeCount()).isZero();
    }

    @Test
    void offsetsBeyondTheCapAreRefused() {
        assertThat(stream.place(CryptoStream.MAX_BYTES - 10, data, 0, 11, budget))
                .isEqualTo(Placement.BEYOND_CAP);
        assertThat(stream.place(1L << 61, data, 0, 1, budget)).isEqualTo(Placement.BEYOND_CAP);
        assertThat(stream.place(CryptoStream.MAX_BYTES - 10, data, 0, 10, budget))
                .isEqualTo(Placement.PLACED);
        assertThat(budget.used()).isEqualTo(CryptoStream.MAX_BYTES);
    }

    @Test
    void disjointPiecesAreCapped() {
        for (int i = 0; i < CryptoStream.MAX_RANGES; i++) {
            assertThat(place(10 * i + 5, 10 * i + 6)).isEqualTo(Placement.PLACED);
        }

        assertThat(place(1000, 1001)).isEqualTo(Placement.TOO_FRAGMENTED);
        assertThat(place(5, 15)).as("a piece that joins two ranges still fits").isEqualTo(Placement.PLACED);
    }

    @Test
    void growthDrawsOnTheBudgetAndReleaseReturnsIt() {
        ByteBudget small = new ByteBudget(3000);
        assertThat(stream.place(0, data, 0, 100, small)).isEqualTo(Placement.PLACED);
        assertThat(small.used()).isEqualTo(2048);

        assertThat(stream.place(2000, data, 2000, 1000, small)).isEqualTo(Placement.OVER_BUDGET);

        stream.release(small);
        assertThat(small.used()).isZero();
        assertThat(stream.contiguousLength()).isZero();
    }
}
