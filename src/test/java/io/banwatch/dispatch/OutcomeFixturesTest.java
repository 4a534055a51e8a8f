package io.banwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banwatch.event.Event;
import io.banwatch.event.EventJson;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recorded outcome fixtures ({@code scripts/make-fixtures-outcomes.sh}): each yields exactly the outcome events
 * of its {@code .outcomes.jsonl}, in order, the same with the default capture filter as with none, each after its
 * contact's own event, and without any anomaly.
 */
class OutcomeFixturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(
                OutcomeFixturesTest.class.getResource("/io/banwatch/fixtures").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".pcap.outcomes.jsonl"))
                    .sorted()
                    .toList();
            assertThat(found).hasSizeGreaterThanOrEqualTo(9);
            return found.stream();
        }
    }

    private static Path captureOf(Path expected) {
        return expected.resolveSibling(expected.getFileName().toString().replace(".outcomes.jsonl", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void yieldsTheExpectedOutcomesWithTheDefaultFilterAndWithout(Path expectedFile) throws IOException {
        Path capture = captureOf(expectedFile);
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(expectedFile)) {
            expected.add(JSON.readTree(line).toString());
        }
        OutcomeReplay filtered = OutcomeReplay.run(capture, true);
        OutcomeReplay unfiltered = OutcomeReplay.run(capture, false);

        for (OutcomeReplay replay : List.of(filtered, unfiltered)) {
            assertThat(replay.anomalies.total())
                    .as(capture.getFileName() + " anomalies")
                    .isZero();
            assertThat(replay.outcomes().stream()
                            .map(e -> summary(e).toString())
                            .toList())
                    .as(capture.getFileName() + " outcome events")
                    .containsExactlyElementsOf(expected);
            for (Event outcome : replay.outcomes()) {
                int at = replay.events.indexOf(outcome);
                assertThat(replay.events.subList(0, at))
                        .as("the contact event comes before its outcome")
                        .anySatisfy(e -> assertThat(
                                        e.isOutcome() || !e.observation().equals(outcome.observation()))
                                .isFalse());
            }
        }
        assertThat(json(filtered.outcomes()))
                .as("the whole outcome events, with the default filter and with none")
                .containsExactlyElementsOf(json(unfiltered.outcomes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theDefaultFilterStillDropsTheServersBulk(Path expectedFile) {
        Path capture = captureOf(expectedFile);
        OutcomeReplay filtered = OutcomeReplay.run(capture, true);
        OutcomeReplay unfiltered = OutcomeReplay.run(capture, false);
        if (unfiltered.packets > 50) {
            // A download is scores of server segments and their acknowledgements; what outcomes need is a handful
            // (DNS, the handshake, the client's request and second flight, both FINs).
            assertThat(filtered.packets).isLessThan(unfiltered.packets / 5);
        }
    }

    /** The fields an expected line names: endpoints, protocol, name, outcome, reason and byte counts if known. */
    private static JsonNode summary(Event event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("source", event.observation().source().ip());
        node.put("destination", event.observation().destination().ip());
        node.put("destination_port", event.observation().destination().port());
        node.put("protocol", event.observation().protocol().label());
        node.put("name", event.observation().name());
        node.put("outcome", event.outcome().outcome().label());
        node.put(
                "reason",
                event.outcome().reason() == null
                        ? null
                        : event.outcome().reason().label());
        if (event.outcome().destinationBytes() >= 0) {
            node.put("destination_bytes", event.outcome().destinationBytes());
        }
        if (event.outcome().sourceBytes() >= 0) {
            node.put("source_bytes", event.outcome().sourceBytes());
        }
        return node;
    }

    private static List<String> json(List<Event> events) {
        return events.stream().map(EventJson::toJson).toList();
    }
}
