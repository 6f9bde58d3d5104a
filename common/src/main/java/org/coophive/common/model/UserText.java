package org.coophive.common.model;

/**
 * Text that came from someone else (a module name, an input, a solver's detail, an error a job
 * wrote) made safe to log or to quote in a message: control characters, NUL included, and lone
 * surrogates become {@code \\uXXXX} escapes, so one line of a log stays one line and no
 * terminal escape sequence passes, and the text is cut at a length.
 */
public final class UserText {

    /** The default length kept by {@link #escape(String)}. */
    public static final int DEFAULT_MAX = 200;

    private UserText() {}

    /** {@code text} escaped and cut at {@value #DEFAULT_MAX} characters. */
    public static String escape(String text) {
        return escape(text, DEFAULT_MAX);
    }

    /**
     * {@code text} with every control character and lone surrogate escaped as {@code \\uXXXX}
     * (a backslash stays a backslash), cut at {@code max} characters with {@code "..."} appended;
     * {@code "null"} for null.
     */
    public static String escape(String text, int max) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= max) {
                out.append("...");
                break;
            }
            char c = text.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pairedHigh) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
