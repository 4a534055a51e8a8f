package io.banwatch.match;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Binds the YAML tree of a catalog shipped in the jar to a {@link CatalogFile}, field by field, as Jackson's binding of
 * the same text would ({@code BuiltInCatalogsTest} compares the two on the shipped catalog). Jackson builds a
 * deserializer for each record type by reflection on first use, which with the binding itself took about 100 ms of
 * every start that loads the catalog, on the thread the command waits for; the tree costs the parse alone.
 *
 * <p>Only for the shipped catalog, which its tests load: a user's catalog goes through {@link CatalogLoader#parse},
 * whose errors name every unknown key and the line of every shape error. Here an unknown key or a value of the wrong
 * shape is still refused, with its key path, but without a line number.
 */
final class ShippedCatalogTree {

    private static final Set<String> TOP_KEYS = Set.of(
            "vendor",
            "display_name",
            "references",
            "phases",
            "severities",
            "alerts",
            "domains",
            "rules",
            "http_paths",
            "signatures",
            "ports");

    private final String origin;

    private ShippedCatalogTree(String origin) {
        this.origin = origin;
    }

    /** The catalog file in {@code tree}; {@code origin} names it in error messages. */
    static CatalogFile bind(String origin, JsonNode tree) {
        return new ShippedCatalogTree(origin).file(tree);
    }

    private CatalogFile file(JsonNode tree) {
        Entry top = new Entry(tree, "", TOP_KEYS);
        return new CatalogFile(
                top.text("vendor"),
                top.text("display_name"),
                list(top.node("references"), "references", this::text),
                objects(
                        top.node("phases"),
                        "phases",
                        Set.of("name", "start", "description", "source"),
                        e -> new CatalogFile.PhaseEntry(
                                e.text("name"), e.text("start"), e.text("description"), e.text("source"))),
                map(top.node("severities"), "severities", (node, path) -> map(node, path, this::text)),
                map(top.node("alerts"), "alerts", (node, path) -> list(node, path, this::text)),
                objects(
                        top.node("domains"),
                        "domains",
                        Set.of("domain", "confidence", "description", "source"),
                        e -> new CatalogFile.DomainEntry(
                                e.text("domain"), e.text("confidence"), e.text("description"), e.text("source"))),
                objects(
                        top.node("rules"),
                        "rules",
                        Set.of("pattern", "category", "description", "source", "confidence"),
                        e -> new CatalogFile.RuleEntry(
                                e.text("pattern"),
                                e.text("category"),
                                e.text("description"),
                                e.text("source"),
                                e.text("confidence"))),
                objects(
                        top.node("http_paths"),
                        "http_paths",
                        Set.of("pattern", "category", "description", "source"),
                        e -> new CatalogFile.PathEntry(
                                e.text("pattern"), e.text("category"), e.text("description"), e.text("source"))),
                objects(
                        top.node("signatures"),
                        "signatures",
                        Set.of("id", "protocol", "category", "description", "source"),
                        e -> new CatalogFile.SignatureEntry(
                                e.text("id"),
                                e.text("protocol"),
                                e.text("category"),
                                e.text("description"),
                                e.text("source"))),
                objects(
                        top.node("ports"),
                        "ports",
                        Set.of("port", "transport", "category", "description", "source"),
                        e -> new CatalogFile.PortEntry(
                                e.text("port"),
                                e.text("transport"),
                                e.text("category"),
                                e.text("description"),
                                e.text("source"))));
    }

    /** A mapping whose keys are known, read key by key. */
    private final class Entry {
        private final JsonNode node;
        private final String path;

        Entry(JsonNode node, String path, Set<String> keys) {
            if (!node.isObject()) {
                throw problem(path, "expected a mapping");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!keys.contains(name)) {
                    throw problem(join(path, name), "unknown key");
                }
            }
            this.node = node;
            this.path = path;
        }

        JsonNode node(String key) {
            return node.get(key);
        }

        String text(String key) {
            return ShippedCatalogTree.this.text(node.get(key), join(path, key));
        }
    }

    /** A scalar as text, as Jackson binds one to a {@code String}: null stays null, a number or a boolean its text. */
    private String text(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw problem(path, "expected a text value");
        }
        return node.asText();
    }

    private <T> List<T> list(JsonNode node, String path, PathReader<T> element) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw problem(path, "expected a list");
        }
        List<T> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            values.add(element.read(node.get(i), path + "[" + i + "]"));
        }
        return values;
    }

    private <T> List<T> objects(JsonNode node, String path, Set<String> keys, Function<Entry, T> element) {
        return list(
                node,
                path,
                (item, itemPath) ->
                        item == null || item.isNull() ? null : element.apply(new Entry(item, itemPath, keys)));
    }

    private <T> Map<String, T> map(JsonNode node, String path, PathReader<T> value) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw problem(path, "expected a mapping");
        }
        Map<String, T> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(field.getKey(), value.read(field.getValue(), join(path, field.getKey())));
        }
        return values;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private CatalogException problem(String path, String what) {
        return new CatalogException(origin + ": " + (path.isEmpty() ? "" : path + ": ") + what);
    }

    /** Reads one value found at a key path. */
    @FunctionalInterface
    private interface PathReader<T> {
        T read(JsonNode node, String path);
    }
}
