package io.banwatch.match;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads vendor catalogs from YAML, either shipped in the jar or from a file, and validates them. */
public final class CatalogLoader {

    /** Where the build copies {@code config/vendors/*.yaml}. */
    public static final String BUILT_IN_DIRECTORY = "/io/banwatch/config/defaults/vendors/";

    /** The catalogs the build copies from {@code config/vendors/}, for error messages. */
    public static final List<String> BUILT_IN = List.of("kaspersky");

    /** Vendor ids become resource names: nothing that could leave the directory. */
    private static final Pattern VENDOR_ID = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /** Largest catalog read; the shipped one is a few tens of kilobytes, so this only stops a wrong file. */
    static final int MAX_CATALOG_BYTES = 4 * 1024 * 1024;

    /** Jackson's wording for a key repeated in one mapping (StreamReadFeature.STRICT_DUPLICATE_DETECTION). */
    private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate field '(.*)'");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a key written twice is a typo, not an override
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private CatalogLoader() {}

    /** The catalog shipped for {@code vendorId}, for example {@code kaspersky}. */
    public static VendorCatalog loadBuiltIn(String vendorId) {
        VendorCatalog parsedAhead = BuiltInCatalogs.take(vendorId);
        return parsedAhead != null ? parsedAhead : parseBuiltIn(vendorId);
    }

    /** Reads and parses the catalog shipped for {@code vendorId}. */
    static VendorCatalog parseBuiltIn(String vendorId) {
        if (vendorId == null || !VENDOR_ID.matcher(vendorId).matches()) {
            throw new CatalogException("no built-in catalog for vendor \"" + vendorId + "\" (built in: "
                    + String.join(", ", BUILT_IN) + ")");
        }
        String resource = BUILT_IN_DIRECTORY + vendorId + ".yaml";
        try (InputStream in = CatalogLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CatalogException("no built-in catalog for vendor \"" + vendorId + "\" (built in: "
                        + String.join(", ", BUILT_IN) + ")");
            }
            VendorCatalog catalog = parseShipped(vendorId + ".yaml", in.readNBytes(MAX_CATALOG_BYTES + 1));
            if (!catalog.id().equals(vendorId)) {
                throw new CatalogException(
                        vendorId + ".yaml: vendor: \"" + catalog.id() + "\" does not match the file name");
            }
            return catalog;
        } catch (IOException e) {
            throw new CatalogException(resource + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** The catalog in {@code file}. */
    public static VendorCatalog load(Path file) {
        String origin = file.getFileName() == null
                ? file.toString()
                : file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return parse(origin, in.readNBytes(MAX_CATALOG_BYTES + 1));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CatalogException(file + ": catalog file not found", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CatalogException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new CatalogException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A catalog shipped in the jar, read into a tree once and bound by {@link ShippedCatalogTree}. {@link #parse} reads
     * a file twice, into a tree to list every unknown key and then from its text with Jackson's binding for the line
     * of a shape error; the shipped catalog has none (its tests load it), and those two reads took 60 ms and about
     * 100 ms of the start of every command that loads it. An unknown key or a value of the wrong shape is still refused.
     */
    private static VendorCatalog parseShipped(String origin, byte[] yaml) {
        return CatalogValidator.validate(origin, ShippedCatalogTree.bind(origin, tree(origin, yaml)));
    }

    /** The YAML tree of {@code yaml}, refused when it cannot be parsed or holds nothing. */
    private static JsonNode tree(String origin, byte[] yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new CatalogException(origin + ": " + parseProblem(e), e);
        } catch (IOException e) {
            throw new CatalogException(origin + ": cannot be read: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new CatalogException(origin + ": empty");
        }
        return tree;
    }

    /** The catalog in {@code yaml}; {@code origin} names it in error messages. */
    public static VendorCatalog parse(String origin, byte[] yaml) {
        if (yaml.length > MAX_CATALOG_BYTES) {
            throw new CatalogException(origin + ": larger than " + MAX_CATALOG_BYTES + " bytes");
        }
        // Unknown keys are collected and taken out before binding, so one run lists every problem of a file.
        JsonNode tree = tree(origin, yaml);
        List<String> problems = new ArrayList<>();
        CatalogKeys.removeUnknown(
                tree,
                CatalogFile.class,
                "",
                (path, known) -> problems.add(
                        origin + ": " + path + ": unknown key; expected one of " + String.join(", ", known)));
        CatalogFile file;
        try {
            // Bound from the text when every key is known, so that a shape error still names its line.
            file = problems.isEmpty()
                    ? YAML.readValue(yaml, CatalogFile.class)
                    : YAML.treeToValue(tree, CatalogFile.class);
        } catch (JsonMappingException e) {
            problems.add(origin + ": " + mappingProblem(e));
            throw new CatalogException(String.join("\n", problems), e);
        } catch (JacksonException e) {
            problems.add(origin + ": " + parseProblem(e));
            throw new CatalogException(String.join("\n", problems), e);
        } catch (IOException e) {
            throw new CatalogException(origin + ": cannot be read: " + e.getMessage(), e);
        }
        try {
            VendorCatalog catalog = CatalogValidator.validate(origin, file);
            if (!problems.isEmpty()) {
                throw new CatalogException(String.join("\n", problems));
            }
            return catalog;
        } catch (CatalogException e) {
            if (problems.isEmpty() || e.getMessage().equals(String.join("\n", problems))) {
                throw e;
            }
            problems.add(e.getMessage());
            throw new CatalogException(String.join("\n", problems), e);
        }
    }

    private static String mappingProblem(JsonMappingException e) {
        String path = keyPath(e.getPath());
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = new ArrayList<>();
            if (unknown.getKnownPropertyIds() != null) {
                unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            }
            known.sort(null);
            return path + ": unknown key; expected one of " + String.join(", ", known);
        }
        String prefix = (path.isEmpty() ? "" : path + ": ") + where(e.getLocation());
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return prefix + "expected " + shapeOf(mismatch.getTargetType());
        }
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return prefix + (newline < 0 ? message : message.substring(0, newline));
    }

    /** Describes a bound type in the file's own terms rather than as a Java class. */
    private static String shapeOf(Class<?> type) {
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class) {
            return "a single value";
        }
        return "a mapping of keys to values";
    }

    private static String parseProblem(JacksonException e) {
        String message = e.getOriginalMessage();
        Matcher duplicate = DUPLICATE_KEY.matcher(message);
        return where(e.getLocation())
                + (duplicate.matches() ? "key \"" + duplicate.group(1) + "\" is written twice" : message);
    }

    /** Jackson's reference chain as a key path: {@code rules[12].category}. */
    static String keyPath(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : "line " + location.getLineNr() + ": ";
    }
}
