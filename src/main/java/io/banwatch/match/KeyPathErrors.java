package io.banwatch.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Collects catalog problems as {@code origin: key.path: message} lines and checks the common value shapes. */
final class KeyPathErrors {

    /** Vendor ids and phase names become metric label values and file names: short, lower case, no punctuation. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /** Problems reported in one exception; beyond this the file is wrong wholesale and more lines do not help. */
    static final int MAX_REPORTED_ERRORS = 50;

    static final String CATEGORIES =
            Arrays.stream(Category.values()).map(Category::label).collect(Collectors.joining(", "));

    private final String origin;
    private final List<String> errors = new ArrayList<>();
    private int count;

    KeyPathErrors(String origin) {
        this.origin = origin;
    }

    void error(String path, String message) {
        count++;
        if (errors.size() < MAX_REPORTED_ERRORS) {
            errors.add(origin + ": " + path + ": " + message);
        }
    }

    /** Problems reported so far, including those beyond {@link #MAX_REPORTED_ERRORS}. */
    int count() {
        return count;
    }

    /** Throws one {@link CatalogException} listing every problem, if there was any. */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new CatalogException(String.join("\n", errors));
        }
    }

    /** The stripped value, or null (reported as missing) when it is absent or blank. */
    String required(String path, String value) {
        if (value == null || value.isBlank()) {
            error(path, "missing");
            return null;
        }
        return value.strip();
    }

    String identifier(String path, String value) {
        String id = required(path, value);
        if (id != null && !IDENTIFIER.matcher(id).matches()) {
            error(path, quote(id) + " must be lower-case letters, digits, '_' or '-', starting with a letter");
        }
        return id;
    }

    /** The list, or an empty one (reported when {@code required}) when it is absent or empty. */
    <T> List<T> list(String path, List<T> value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                error(path, "missing or empty");
            }
            return List.of();
        }
        return value;
    }

    Category category(String path, String value) {
        String label = required(path, value);
        Category category = label == null ? null : Category.fromLabel(label);
        if (label != null && category == null) {
            error(path, quote(label) + " is not one of " + CATEGORIES);
        }
        return category;
    }

    static String quote(String value) {
        return "\"" + value + "\"";
    }
}
