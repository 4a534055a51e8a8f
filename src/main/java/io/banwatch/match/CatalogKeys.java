package io.banwatch.match;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The keys a catalog file may hold, read from the {@link CatalogFile} records themselves, so that every unknown key
 * of a file can be reported at once (Jackson stops at the first) and the list of allowed keys never drifts from
 * the binding.
 */
final class CatalogKeys {

    private CatalogKeys() {}

    /**
     * Removes every key of {@code node} that {@code type} does not declare, recursively, reporting each with its key
     * path and the keys allowed there.
     */
    static void removeUnknown(JsonNode node, Class<?> type, String path, BiConsumer<String, List<String>> report) {
        if (!(node instanceof ObjectNode object) || !type.isRecord()) {
            return;
        }
        Map<String, Type> known = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            // @JsonProperty has no RECORD_COMPONENT target: Java puts it on the accessor (and field, parameter).
            JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
            String name = property != null && !property.value().isEmpty() ? property.value() : component.getName();
            known.put(name, component.getGenericType());
        }
        List<String> names = new ArrayList<>(known.keySet());
        names.sort(null);
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            Type fieldType = known.get(field.getKey());
            if (fieldType == null) {
                report.accept(fieldPath, names);
                fields.remove();
            } else if (fieldType instanceof Class<?> record && record.isRecord()) {
                removeUnknown(field.getValue(), record, fieldPath, report);
            } else if (fieldType instanceof ParameterizedType list
                    && list.getRawType() == List.class
                    && list.getActualTypeArguments()[0] instanceof Class<?> element
                    && element.isRecord()
                    && field.getValue().isArray()) {
                for (int i = 0; i < field.getValue().size(); i++) {
                    removeUnknown(field.getValue().get(i), element, fieldPath + "[" + i + "]", report);
                }
            }
        }
    }
}
