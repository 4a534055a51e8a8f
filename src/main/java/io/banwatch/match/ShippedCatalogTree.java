package io.banwatch.match;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
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

    private final String origin;

    private ShippedCatalogTree(String origin) {
        this.origin = origin;
    }

    /** The catalog file in {@code tree}; {@code origin} names it in error messages. */
    static CatalogFile bind(String origin, JsonNode tree) {
        return new ShippedCatalogTree(origin).file(tree);
    }

    private CatalogFile file(JsonNode tree) {
        Entry top = new Entry(tree, "");
        return top.readAll(new CatalogFile(
                top.text("vendor"),
                top.text("display_name"),
                top.list("references", this::text),
                top.objects(
                        "phases",
                        e -> new CatalogFile.PhaseEntry(
                                e.text("name"), e.text("start"), e.text("description"), e.text("source"))),
                top.map("severities", (node, path) -> map(node, path, this::text)),
                top.map("alerts", (node, path) -> list(node, path, this::text)),
                top.objects(
                        "domains",
                        e -> new CatalogFile.DomainEntry(
                                e.text("domain"), e.text("confidence"), e.text("description"), e.text("source"))),
                top.objects(
                        "rules",
                        e -> new CatalogFile.RuleEntry(
                                e.text("pattern"),
                                e.text("category"),
                                e.text("description"),
                                e.text("source"),
                                e.text("confidence"))),
                top.objects(
                        "http_paths",
                        e -> new CatalogFile.PathEntry(
                                e.text("pattern"), e.text("category"), e.text("description"), e.text("source"))),
                top.objects(
                        "signatures",
                        e -> new CatalogFile.SignatureEntry(
                                e.text("id"),
                                e.text("protocol"),
                                e.text("category"),
                                e.text("description"),
                                e.text("source"))),
                top.objects(
                        "ports",
                        e -> new CatalogFile.PortEntry(
                                e.text("port"),
                                e.text("transport"),
                                e.text("category"),
                                e.text("description"),
                                e.text("source")))));
    }

    /**
     * A mapping read key by key: the keys a record reads are the keys it knows, so {@link #readAll} refuses any other
     * the mapping holds, as {@code FAIL_ON_UNKNOWN_PROPERTIES} does.
     */
    private final class Entry {
        private final JsonNode node;
        private final String path;
        private final Set<String> read = new HashSet<>();

        Entry(JsonNode node, String path) {
            if (!node.isObject()) {
                throw problem(path, "expected a mapping");
            }
            this.node = node;
            this.path = path;
        }

        private JsonNode node(String key) {
            read.add(key);
            return node.get(key);
        }

        String text(String key) {
            return ShippedCatalogTree.this.text(node(key), join(path, key));
        }

        <T> List<T> list(String key, PathReader<T> element) {
            return ShippedCatalogTree.this.list(node(key), join(path, key), element);
        }

        <T> Map<String, T> map(String key, PathReader<T> value) {
            return ShippedCatalogTree.this.map(node(key), join(path, key), value);
        }

        /** A list of mappings under {@code key}, each read by {@code element}. */
        <T> List<T> objects(String key, Function<Entry, T> element) {
            return list(key, (item, itemPath) -> {
                if (item == null || item.isNull()) {
                    return null;
                }
                Entry entry = new Entry(item, itemPath);
                return entry.readAll(element.apply(entry));
            });
        }

        /** {@code value}, made of this mapping, once every key of the mapping was read for it. */
        <T> T readAll(T value) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!read.contains(name)) {
                    throw problem(join(path, name), "unknown key");
                }
            }
            return value;
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
