package org.coophive.common.ids;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Writes a JSON tree in the canonical form that {@link ContentIds} hashes: compact, object
 * members sorted by key in code point order (the same as the byte order of their UTF-8), strings
 * escaped minimally, integers in plain decimal. Written by hand rather than by a configured
 * Jackson generator so that the bytes cannot change with a Jackson version or setting.
 */
final class CanonicalJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {}

    static byte[] bytes(JsonNode tree) {
        StringBuilder out = new StringBuilder(256);
        write(tree, out, "$");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, StringBuilder out, String path) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out, path);
            case ARRAY -> {
                out.append('[');
                int i = 0;
                for (JsonNode element : node.values()) {
                    if (i > 0) out.append(',');
                    write(element, out, path + "[" + i + "]");
                    i++;
                }
                out.append(']');
            }
            case STRING -> writeString(node.stringValue(), out);
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    throw new IllegalArgumentException("canonical JSON has no fractional numbers, but " + path + " is "
                            + node + ": send such values as strings");
                }
                out.append(node.bigIntegerValue().toString());
            }
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException(
                    "canonical JSON cannot hold the " + node.getNodeType() + " value at " + path);
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out, String path) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            members.add(Map.entry(wellFormed(member.getKey()), member.getValue()));
        }
        members.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> member : members) {
            if (!first) out.append(',');
            first = false;
            writeString(member.getKey(), out);
            out.append(':');
            write(member.getValue(), out, path + "." + member.getKey());
        }
        out.append('}');
    }

    private static void writeString(String raw, StringBuilder out) {
        String value = wellFormed(raw);
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Replaces each unpaired surrogate with U+FFFD, as Go's encoder does, so UTF-8 is defined. */
    static String wellFormed(String value) {
        StringBuilder fixed = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (paired) {
                if (fixed != null) fixed.append(c).append(value.charAt(i + 1));
                i++;
            } else if (Character.isSurrogate(c)) {
                if (fixed == null) fixed = new StringBuilder(value.substring(0, i));
                fixed.append('\uFFFD');
            } else if (fixed != null) {
                fixed.append(c);
            }
        }
        return fixed == null ? value : fixed.toString();
    }

    /** Code point order, which is the byte order of the UTF-8 encodings (unlike String.compareTo). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
