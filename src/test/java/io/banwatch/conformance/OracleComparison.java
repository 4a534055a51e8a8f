package io.banwatch.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The multiset difference between oracle rows and banwatch's rows for one capture, per kind. */
final class OracleComparison {

    /** Counts of one kind: rows found by both, only by the oracle, only by banwatch. */
    static final class Tally {
        long both;
        long missing;
        long extra;

        void add(Tally other) {
            both += other.both;
            missing += other.missing;
            extra += other.extra;
        }

        /** The share of the oracle's rows that banwatch reports too. */
        double recall() {
            long oracle = both + missing;
            return oracle == 0 ? 1.0 : (double) both / oracle;
        }

        @Override
        public String toString() {
            return String.format(
                    "%d agree, %d missing, %d extra (%.2f%% of the oracle's rows)",
                    both, missing, extra, 100 * recall());
        }
    }

    final Map<String, Tally> byKind = new TreeMap<>();
    /** Lines {@code missing|extra <TAB> row key}, one per unmatched row. */
    final List<String> differences = new ArrayList<>();

    static OracleComparison compare(List<OracleRow> oracle, List<OracleRow> banwatch) {
        OracleComparison result = new OracleComparison();
        Map<String, Integer> remaining = new HashMap<>();
        for (OracleRow row : banwatch) {
            remaining.merge(row.key(), 1, Integer::sum);
        }
        for (OracleRow row : oracle) {
            Tally tally = result.byKind.computeIfAbsent(row.kind(), k -> new Tally());
            Integer left = remaining.get(row.key());
            if (left != null && left > 0) {
                remaining.put(row.key(), left - 1);
                tally.both++;
            } else {
                tally.missing++;
                result.differences.add("missing\t" + row.key());
            }
        }
        for (OracleRow row : banwatch) {
            Integer left = remaining.get(row.key());
            if (left != null && left > 0) {
                remaining.put(row.key(), left - 1);
                result.byKind.computeIfAbsent(row.kind(), k -> new Tally()).extra++;
                result.differences.add("extra\t" + row.key());
            }
        }
        return result;
    }
}
