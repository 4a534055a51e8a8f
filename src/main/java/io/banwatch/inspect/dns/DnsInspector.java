package io.banwatch.inspect.dns;

import static io.banwatch.inspect.dns.DnsWire.u16;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.ObservationSink;
import io.banwatch.inspect.Transport;
import java.util.List;

/**
 * Reports every question of a DNS query, and the question and A/AAAA/CNAME answers of a DNS response, as
 * observations. Not thread-safe (it reuses name and address buffers): one instance per capture thread.
 */
public final class DnsInspector {

    /**
     * RFC 9619: a query carries exactly one question in practice; a few more are tolerated, while a message claiming
     * thousands of tiny questions cannot turn into thousands of observations.
     */
    static final int MAX_QUESTIONS = 8;

    private final AnomalyCounters anomalies;
    private final ObservationSink sink;
    private final DnsNameReader names;
    private final DnsAnswerReader answerReader;

    // Where the message being inspected was seen; the endpoints are built only when an observation needs them.
    private long timestampNanos;
    private Transport transport;
    private DecodedPacket packet;
    private Endpoint source;
    private Endpoint destination;
    private int vlanId;
    private long tunnelId;

    public DnsInspector(AnomalyCounters anomalies, ObservationSink sink) {
        this.anomalies = anomalies.register(DnsAnomaly.class);
        this.sink = sink;
        this.names = new DnsNameReader(anomalies);
        this.answerReader = new DnsAnswerReader(names, anomalies);
    }

    /** A UDP datagram whose port made it DNS: packet.data[payloadOffset, +payloadLength). */
    public void inspectDatagram(DecodedPacket packet) {
        this.packet = packet;
        setContext(packet.timestampNanos, Transport.UDP, null, null, packet.vlanId, packet.tunnelId);
        try {
            inspect(packet.data, packet.payloadOffset, packet.payloadLength);
        } finally {
            this.packet = null;
        }
    }

    /** One DNS message (the caller framed it, e.g. from TCP). */
    public void inspectMessage(
            long timestampNanos,
            Transport transport,
            Endpoint source,
            Endpoint destination,
            int vlanId,
            long tunnelId,
            byte[] data,
            int offset,
            int length) {
        setContext(timestampNanos, transport, source, destination, vlanId, tunnelId);
        inspect(data, offset, length);
    }

    AnomalyCounters anomalies() {
        return anomalies;
    }

    private void setContext(
            long timestampNanos,
            Transport transport,
            Endpoint source,
            Endpoint destination,
            int vlanId,
            long tunnelId) {
        this.timestampNanos = timestampNanos;
        this.transport = transport;
        this.source = source;
        this.destination = destination;
        this.vlanId = vlanId;
        this.tunnelId = tunnelId;
    }

    private void inspect(byte[] data, int offset, int length) {
        if (length < DnsWire.HEADER_LENGTH) { // RFC 1035 4.1.1
            anomalies.count(DnsAnomaly.MESSAGE_TOO_SHORT);
            return;
        }
        int id = u16(data, offset + DnsWire.ID);
        int flags = u16(data, offset + DnsWire.FLAGS);
        int questions = u16(data, offset + DnsWire.QDCOUNT);
        if ((flags & DnsWire.FLAG_RESPONSE) == 0) {
            inspectQuery(data, offset, offset + length, id, questions);
        } else {
            int answers = u16(data, offset + DnsWire.ANCOUNT);
            inspectResponse(data, offset, offset + length, id, flags, questions, answers);
        }
    }

    /** One observation per question (RFC 1035 4.1.2). */
    private void inspectQuery(byte[] data, int messageStart, int messageEnd, int id, int questions) {
        int limit = Math.min(questions, MAX_QUESTIONS);
        int cursor = messageStart + DnsWire.HEADER_LENGTH;
        for (int i = 0; i < limit; i++) {
            int nameEnd = names.read(data, messageStart, messageEnd, cursor);
            if (nameEnd < 0) {
                anomalies.count(names.failure());
                return;
            }
            if (messageEnd - nameEnd < DnsWire.QUESTION_FIXED_LENGTH) {
                anomalies.count(DnsAnomaly.QUESTION_TRUNCATED);
                return;
            }
            String questionType = DnsMnemonics.type(u16(data, nameEnd));
            emit(
                    names.text(),
                    new Observation.Dns(Observation.DnsMessageType.QUERY, id, questionType, null, List.of()));
            cursor = nameEnd + DnsWire.QUESTION_FIXED_LENGTH;
        }
        if (questions > MAX_QUESTIONS) {
            anomalies.count(DnsAnomaly.TOO_MANY_QUESTIONS);
        }
    }

    /** One observation: the first question, the response code and the answer section's addresses and aliases. */
    private void inspectResponse(
            byte[] data, int messageStart, int messageEnd, int id, int flags, int questions, int answerCount) {
        String name = null;
        String questionType = null;
        int limit = Math.min(questions, MAX_QUESTIONS);
        int cursor = messageStart + DnsWire.HEADER_LENGTH;
        for (int i = 0; i < limit; i++) {
            // Only the first question is reported; the others are walked over to find the answer section.
            int nameEnd =
                    i == 0 ? names.read(data, messageStart, messageEnd, cursor) : names.skip(data, messageEnd, cursor);
            if (nameEnd < 0) {
                anomalies.count(names.failure());
                return;
            }
            if (messageEnd - nameEnd < DnsWire.QUESTION_FIXED_LENGTH) {
                anomalies.count(DnsAnomaly.QUESTION_TRUNCATED);
                return;
            }
            if (i == 0) {
                name = names.text();
                questionType = DnsMnemonics.type(u16(data, nameEnd));
            }
            cursor = nameEnd + DnsWire.QUESTION_FIXED_LENGTH;
        }
        List<DnsRecord> answers;
        if (questions > MAX_QUESTIONS) {
            anomalies.count(DnsAnomaly.TOO_MANY_QUESTIONS);
            answers = List.of(); // the answer section starts after questions that were not walked
        } else {
            int question = questions > 0 ? messageStart + DnsWire.HEADER_LENGTH : -1;
            answers = answerReader.read(data, messageStart, messageEnd, cursor, answerCount, question, name);
        }
        String responseCode = DnsMnemonics.responseCode(flags & DnsWire.RCODE_MASK);
        emit(name, new Observation.Dns(Observation.DnsMessageType.ANSWER, id, questionType, responseCode, answers));
    }

    private void emit(String name, Observation.Dns dns) {
        if (packet != null && source == null) {
            source = Endpoint.of(packet.sourceAddress, packet.addressLength(), packet.sourcePort);
            destination = Endpoint.of(packet.destinationAddress, packet.addressLength(), packet.destinationPort);
        }
        sink.accept(Observation.dns(timestampNanos, transport, source, destination, vlanId, tunnelId, name, dns));
    }
}
