package org.outagepredictor.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * Reading JSON records: one shared, thread-safe mapper, and field accessors whose errors name the
 * field. Paths are dotted ({@code fields.severity}); a path that meets a non-object on the way is
 * absent.
 */
final class Json {

    /** Trailing content after the first value is an error, so "{}garbage" is not a record. */
    static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Json() {}

    static JsonNode read(byte[] value) throws IOException {
        return MAPPER.readTree(value);
    }

    /** The parser's own message and the line and column, without the record's content. */
    static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where =
                at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return e.getOriginalMessage() + where;
    }

    /** The node at a dotted path, or {@code null} if absent or JSON null. */
    static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        int start = 0;
        while (current != null) {
            int dot = path.indexOf('.', start);
            String name = dot < 0 ? path.substring(start) : path.substring(start, dot);
            current = current.isObject() ? current.get(name) : null;
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        return current == null || current.isNull() ? null : current;
    }

    /**
     * The text of a scalar at a path: strings as they are, numbers and booleans as written. {@code
     * null} if absent, JSON null or empty.
     */
    static String text(JsonNode node, String path) throws MalformedRecordException {
        JsonNode value = at(node, path);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new MalformedRecordException(
                    "field '" + path + "' must be a string or number, found " + kind(value));
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }

    static String requireText(JsonNode node, String path) throws MalformedRecordException {
        String text = text(node, path);
        if (text == null) {
            throw new MalformedRecordException("missing field '" + path + "'");
        }
        return text;
    }

    static JsonNode requireObject(JsonNode node, String path) throws MalformedRecordException {
        JsonNode value = at(node, path);
        if (value == null) {
            throw new MalformedRecordException("missing field '" + path + "'");
        }
        if (!value.isObject()) {
            throw new MalformedRecordException(
                    "field '" + path + "' must be an object, found " + kind(value));
        }
        return value;
    }

    /** The record itself must be a JSON object. */
    static JsonNode requireObject(JsonNode root, String formatName, String what)
            throws MalformedRecordException {
        if (root == null || root.isMissingNode()) {
            throw new MalformedRecordException("empty " + formatName + " record");
        }
        if (!root.isObject()) {
            throw new MalformedRecordException(
                    formatName + " " + what + " must be a JSON object, found " + kind(root));
        }
        return root;
    }

    /** A whole number at a path, or {@code fallback} if absent. */
    static long longValue(JsonNode node, String path, long fallback)
            throws MalformedRecordException {
        JsonNode value = at(node, path);
        if (value == null) {
            return fallback;
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new MalformedRecordException(
                "field '" + path + "' must be a whole number, found " + kind(value));
    }

    /** A boolean at a path (JSON true/false or the strings "true"/"false"), or {@code false}. */
    static boolean flag(JsonNode node, String path) throws MalformedRecordException {
        JsonNode value = at(node, path);
        if (value == null) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()
                && (value.asText().equalsIgnoreCase("true")
                        || value.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw new MalformedRecordException(
                "field '" + path + "' must be true or false, found " + kind(value));
    }

    static String kind(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT:
                return "an object";
            case ARRAY:
                return "an array";
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            default:
                return node.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }
}
