package io.banwatch.match;

import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks the {@code signatures} and {@code ports} sections of a catalog, naming every problem by its key path. */
final class NamelessRuleValidator {

    /** The protocols banwatch recognises by their bytes alone, whose observations a signature can claim. */
    static final List<Protocol> SIGNATURE_PROTOCOLS = List.of(Protocol.KASPERSKY);

    private static final String SIGNATURE_PROTOCOL_LABELS =
            String.join(", ", SIGNATURE_PROTOCOLS.stream().map(Protocol::label).toList());

    private NamelessRuleValidator() {}

    static List<SignatureRule> signatures(KeyPathErrors errors, List<CatalogFile.SignatureEntry> raw) {
        List<SignatureRule> signatures = new ArrayList<>();
        Map<String, String> seenIds = new HashMap<>();
        Map<Protocol, String> seenProtocols = new HashMap<>();
        List<CatalogFile.SignatureEntry> entries = errors.list("signatures", raw, false);
        for (int i = 0; i < entries.size(); i++) {
            String at = "signatures[" + i + "]";
            CatalogFile.SignatureEntry entry = entries.get(i);
            if (entry == null) {
                errors.error(at, "missing");
                continue;
            }
            String id = errors.identifier(at + ".id", entry.id());
            if (id != null) {
                firstOnly(errors, at + ".id", id, seenIds.putIfAbsent(id, at));
            }
            Protocol protocol = signatureProtocol(errors, at + ".protocol", entry.protocol());
            if (protocol != null) {
                firstOnly(errors, at + ".protocol", entry.protocol().strip(), seenProtocols.putIfAbsent(protocol, at));
            }
            Category category = errors.category(at + ".category", entry.category());
            String description = errors.required(at + ".description", entry.description());
            String source = errors.required(at + ".source", entry.source());
            if (id != null && protocol != null && category != null && description != null && source != null) {
                signatures.add(new SignatureRule(id, protocol, category, description, source));
            }
        }
        return signatures;
    }

    static List<PortRule> ports(KeyPathErrors errors, List<CatalogFile.PortEntry> raw) {
        List<PortRule> ports = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        List<CatalogFile.PortEntry> entries = errors.list("ports", raw, false);
        for (int i = 0; i < entries.size(); i++) {
            String at = "ports[" + i + "]";
            CatalogFile.PortEntry entry = entries.get(i);
            if (entry == null) {
                errors.error(at, "missing");
                continue;
            }
            int port = port(errors, at + ".port", entry.port());
            Transport transport = transport(errors, at + ".transport", entry.transport());
            if (port > 0 && transport != null) {
                String key = transport.label() + "/" + port;
                firstOnly(errors, at + ".port", key, seen.putIfAbsent(key, at));
            }
            Category category = errors.category(at + ".category", entry.category());
            String description = errors.required(at + ".description", entry.description());
            String source = errors.required(at + ".source", entry.source());
            if (port > 0 && transport != null && category != null && description != null && source != null) {
                ports.add(new PortRule(port, transport, category, description, source));
            }
        }
        return ports;
    }

    private static Protocol signatureProtocol(KeyPathErrors errors, String path, String value) {
        String label = errors.required(path, value);
        if (label == null) {
            return null;
        }
        for (Protocol protocol : SIGNATURE_PROTOCOLS) {
            if (protocol.label().equals(label)) {
                return protocol;
            }
        }
        errors.error(path, KeyPathErrors.quote(label) + " is not one of " + SIGNATURE_PROTOCOL_LABELS);
        return null;
    }

    /** The port number in [1, 65535], or -1 (reported). */
    private static int port(KeyPathErrors errors, String path, String value) {
        String text = errors.required(path, value);
        if (text == null) {
            return -1;
        }
        int port = -1;
        if (text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            port = Integer.parseInt(text);
        }
        if (port < 1 || port > 65_535) {
            errors.error(path, KeyPathErrors.quote(text) + " is not a port number from 1 to 65535");
            return -1;
        }
        return port;
    }

    private static Transport transport(KeyPathErrors errors, String path, String value) {
        String label = errors.required(path, value);
        if (label == null) {
            return null;
        }
        for (Transport transport : Transport.values()) {
            if (transport.label().equals(label.toLowerCase(Locale.ROOT))) {
                return transport;
            }
        }
        errors.error(path, KeyPathErrors.quote(label) + " is not one of tcp, udp");
        return null;
    }

    /** Two entries of one list with the same key are an error naming the first. */
    private static void firstOnly(KeyPathErrors errors, String path, String key, String first) {
        if (first != null) {
            errors.error(path, KeyPathErrors.quote(key) + " duplicates " + first);
        }
    }
}
