package io.tsunagu.storage.repo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The number-valued fields of a JSON object payload by dot path, as stored in {@code messages.numeric_fields}
 * (migration V4): {@code {"sensor":{"temp":21.5},"ok":true}} gives {@code {"sensor.temp":21.5}}. Pure.
 *
 * <p>The payload must be one JSON object in valid UTF-8, at most {@value #MAX_BYTES} bytes; anything else has no
 * fields. Only JSON numbers count (not strings that look like numbers), and only finite doubles. A key that is
 * empty or holds '.' or U+0000 cannot be named by a dot path (and U+0000 not stored in {@code jsonb}), so it and
 * everything below it are left out; so are arrays, levels deeper than {@value #MAX_DEPTH}, paths longer than
 * {@value #MAX_PATH_LENGTH} characters and fields after the first {@value #MAX_FIELDS}. A key given twice keeps its
 * last value, as {@code jsonb} does. These bounds keep the column small whatever a device sends.
 *
 * <p>The JSON text this class writes is always valid {@code jsonb}: the sink's insert casts it, and a cast error
 * would fail the whole batch.
 */
final class NumericFields {

    /** Larger payloads are not parsed: telemetry objects are small, and parsing costs the sink's time. */
    static final int MAX_BYTES = 65_536;
    /** Most levels of a dot path. */
    static final int MAX_DEPTH = 16;
    /** Longest dot path, in characters (code points). */
    static final int MAX_PATH_LENGTH = 256;
    /** Most fields kept per message. */
    static final int MAX_FIELDS = 64;

    private static final JsonFactory JSON = new JsonFactory();

    private NumericFields() {
    }

    /** The fields as a JSON object text, or null when the payload is not a JSON object or has no number field. */
    static String toJson(byte[] bytes, int offset, int length) {
        if (length > MAX_BYTES || !startsWithBrace(bytes, offset, length)) {
            return null;
        }
        String text = strictUtf8(bytes, offset, length);
        if (text == null) {
            return null;
        }
        Map<String, Double> fields = read(text);
        return fields == null || fields.isEmpty() ? null : write(fields);
    }

    /** A valid dot path for {@code GET /api/series?field=}: the rules above, applied to what a request names. */
    static boolean isAddressablePath(String path) {
        if (path.isEmpty() || path.codePointCount(0, path.length()) > MAX_PATH_LENGTH) {
            return false;
        }
        String[] keys = path.split("\\.", -1);
        if (keys.length > MAX_DEPTH) {
            return false;
        }
        for (String key : keys) {
            if (!isAddressableKey(key)) {
                return false;
            }
        }
        return true;
    }

    /** The fields of {@code text}, or null when it is not exactly one JSON object. */
    private static Map<String, Double> read(String text) {
        Map<String, Double> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            readObject(parser, "", 1, fields);
            return parser.nextToken() == null ? fields : null;
        } catch (IOException e) {
            // Not JSON (or beyond Jackson's own limits): no fields.
            return null;
        }
    }

    /** Reads the members of the object just opened, whose keys are at {@code depth}, up to its end. */
    private static void readObject(JsonParser parser, String prefix, int depth, Map<String, Double> fields)
            throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            String path = isAddressableKey(key) ? prefix + key : null;
            if (value == JsonToken.START_OBJECT && path != null && depth < MAX_DEPTH) {
                readObject(parser, path + ".", depth + 1, fields);
            } else if (value.isStructStart()) {
                // Still tokenized to the end, so that a malformed document is rejected as a whole.
                parser.skipChildren();
            } else if (value.isNumeric() && path != null) {
                keep(fields, path, parser.getDoubleValue());
            }
        }
    }

    private static void keep(Map<String, Double> fields, String path, double value) {
        boolean room = fields.containsKey(path) || fields.size() < MAX_FIELDS;
        if (room && Double.isFinite(value) && path.codePointCount(0, path.length()) <= MAX_PATH_LENGTH) {
            fields.put(path, value);
        }
    }

    private static boolean isAddressableKey(String key) {
        if (key.isEmpty() || key.indexOf('.') >= 0 || key.indexOf('\u0000') >= 0) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // An unpaired surrogate (a "\ud800" escape) is no Unicode character; jsonb refuses it.
                return false;
            }
        }
        return true;
    }

    private static String write(Map<String, Double> fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            for (Map.Entry<String, Double> field : fields.entrySet()) {
                generator.writeNumberField(field.getKey(), field.getValue());
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string failed", e);
        }
        return out.toString();
    }

    private static boolean startsWithBrace(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /** The bytes as text when they are valid UTF-8 (no overlong forms, no encoded surrogates), otherwise null. */
    private static String strictUtf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
