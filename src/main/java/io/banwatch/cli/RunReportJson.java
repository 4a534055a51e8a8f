package io.banwatch.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.banwatch.event.Timestamps;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.blindspot.BlindSpotKind;
import io.banwatch.match.Category;
import io.banwatch.pipeline.PipelineSummary;
import io.banwatch.sensor.Findings;
import io.banwatch.sensor.Replay;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** The replay report as one JSON object, for scripts: the same content as the text, every row included. */
final class RunReportJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private RunReportJson() {}

    static void print(PrintWriter out, RunReport report) {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            write(json, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }

    private static void write(JsonGenerator json, RunReport report) throws IOException {
        Replay.Result result = report.result();
        json.writeStartObject();
        json.writeObjectFieldStart("capture");
        json.writeArrayFieldStart("files");
        for (Replay.FileResult file : result.files()) {
            json.writeStartObject();
            json.writeStringField("name", file.name());
            json.writeNumberField("packets", file.packets());
            json.writeNumberField("bytes", file.bytes());
            if (file.damaged()) {
                json.writeStringField("damage", file.damage());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("packets", result.packets());
        json.writeNumberField("bytes", result.bytes());
        json.writeNumberField("seconds", result.seconds());
        if (result.phases().firstNanos() <= result.phases().lastNanos()) {
            json.writeStringField(
                    "first_packet", Timestamps.format(result.phases().firstNanos()));
            json.writeStringField(
                    "last_packet", Timestamps.format(result.phases().lastNanos()));
        }
        json.writeBooleanField("stopped", result.stopped());
        json.writeEndObject();

        json.writeArrayFieldStart("policy");
        for (RunReport.VendorTimeline timeline : report.timelines()) {
            json.writeStartObject();
            json.writeStringField("vendor", timeline.vendor());
            json.writeStringField("display_name", timeline.displayName());
            if (timeline.deadline() != null) {
                json.writeStringField(
                        "updates_banned_from",
                        Timestamps.format(timeline.deadline().startNanos()));
            }
            json.writeArrayFieldStart("phases");
            for (RunReport.PhaseSpan phase : timeline.phases()) {
                json.writeStartObject();
                json.writeStringField("name", phase.name());
                if (phase.startNanos() != Long.MIN_VALUE) {
                    json.writeStringField("from", Timestamps.format(phase.startNanos()));
                }
                json.writeNumberField("packets", phase.packets());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();

        json.writeArrayFieldStart("hosts");
        for (Findings.HostRow host : report.hosts()) {
            json.writeStartObject();
            json.writeStringField("host", host.host());
            json.writeStringField("severity", host.worstSeverity().label());
            json.writeArrayFieldStart("categories");
            for (Category category : host.categories()) {
                json.writeString(category.label());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("vendors");
            for (String vendor : host.vendors()) {
                json.writeString(vendor);
            }
            json.writeEndArray();
            json.writeStringField("first_seen", Timestamps.format(host.firstSeenNanos()));
            json.writeStringField("last_seen", Timestamps.format(host.lastSeenNanos()));
            json.writeNumberField("contacts", host.contacts());
            json.writeNumberField("contacts_after_ban", host.afterBan());
            json.writeStringField("outcome", host.worstOutcome().label());
            json.writeEndObject();
        }
        json.writeEndArray();

        json.writeArrayFieldStart("detail");
        for (Findings.Row row : report.rows()) {
            json.writeStartObject();
            json.writeStringField("host", row.host());
            json.writeStringField("vendor", row.vendor());
            json.writeStringField("category", row.category().label());
            json.writeStringField("severity", row.severity().label());
            json.writeStringField("rule", row.match().rule());
            json.writeStringField("name", row.name());
            if (row.via() != null) {
                json.writeStringField("via_cname", row.via());
            }
            json.writeStringField("protocol", row.protocol());
            json.writeNumberField("count", row.count());
            json.writeNumberField("contacts_after_ban", row.afterBan());
            json.writeStringField("first_seen", Timestamps.format(row.firstSeenNanos()));
            json.writeStringField("last_seen", Timestamps.format(row.lastSeenNanos()));
            json.writeStringField("last_phase", row.lastPhase());
            json.writeStringField("outcome", row.outcome().label());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("detail_left_out", report.rowsLeftOut());

        PipelineSummary summary = report.pipeline();
        json.writeObjectFieldStart("sensor");
        json.writeObjectFieldStart("observations");
        for (Protocol protocol : Protocol.values()) {
            json.writeNumberField(protocol.label(), summary.observations().getOrDefault(protocol, 0L));
        }
        json.writeEndObject();
        json.writeObjectFieldStart("matches");
        for (Map.Entry<Category, Map<String, Long>> byCategory :
                summary.matches().entrySet()) {
            json.writeObjectFieldStart(byCategory.getKey().label());
            for (Map.Entry<String, Long> byPhase : byCategory.getValue().entrySet()) {
                json.writeNumberField(byPhase.getKey(), byPhase.getValue());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeNumberField("alerts", summary.alerts());
        json.writeNumberField("queue_drops", summary.queueDrops());
        json.writeObjectFieldStart("anomalies");
        for (Map.Entry<String, Long> anomaly : report.anomalies().entrySet()) {
            json.writeNumberField(anomaly.getKey(), anomaly.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("blind_spots");
        for (Map.Entry<BlindSpotKind, Long> entry : report.blindSpots().entrySet()) {
            json.writeNumberField(entry.getKey().label(), entry.getValue());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("ech_outer_names");
        for (RunReport.EchOuterName outer : report.echOuterNames()) {
            json.writeStartObject();
            json.writeStringField("name", outer.name());
            json.writeNumberField("count", outer.count());
            if (outer.vendorMatch() != null) {
                json.writeStringField("vendor", outer.vendorMatch().vendor());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        if (report.store() != null) {
            json.writeObjectFieldStart("store");
            json.writeStringField("path", report.store().path());
            json.writeNumberField("written", report.store().written());
            json.writeNumberField("dropped", report.store().dropped());
            json.writeNumberField("failed", report.store().failed());
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
    }
}
