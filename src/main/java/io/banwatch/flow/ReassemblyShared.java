package io.banwatch.flow;

import io.banwatch.decode.AnomalyCounters;

/** What every {@link StreamReassembler} of one tracker shares: parsers, caps, counters and the parse context. */
final class ReassemblyShared {

    final AnomalyCounters anomalies;
    final BufferBudget budget;
    final StreamParser[] sniffedParsers;
    /** Bytes a direction may buffer before a parser is chosen: the most any of the parsers accepts. */
    final int sniffLimit;

    final int maxOutOfOrderSegments;
    final SegmentContext context;

    ReassemblyShared(
            AnomalyCounters anomalies,
            BufferBudget budget,
            StreamParser[] sniffedParsers,
            int sniffLimit,
            int maxOutOfOrderSegments,
            SegmentContext context) {
        this.anomalies = anomalies;
        this.budget = budget;
        this.sniffedParsers = sniffedParsers;
        this.sniffLimit = sniffLimit;
        this.maxOutOfOrderSegments = maxOutOfOrderSegments;
        this.context = context;
    }
}
