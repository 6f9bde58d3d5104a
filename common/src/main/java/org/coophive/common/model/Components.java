package org.coophive.common.model;

import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Null-to-zero normalisation shared by the records' compact constructors. */
final class Components {

    private Components() {}

    static String text(String value) {
        return value == null ? "" : value;
    }

    static BigInteger wei(BigInteger value) {
        return value == null ? BigInteger.ZERO : value;
    }

    /** An immutable copy; null becomes empty, a null element is refused with its position. */
    static <T> List<T> list(String field, List<T> values) {
        if (values == null) return List.of();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) throw new IllegalArgumentException(field + "[" + i + "] is null");
        }
        return List.copyOf(values);
    }

    /** An immutable copy sorted by key; null becomes empty, a null key or value is refused. */
    static <V> Map<String, V> sortedMap(String field, Map<String, V> values) {
        if (values == null) return Collections.emptySortedMap();
        TreeMap<String, V> sorted = new TreeMap<>();
        for (Map.Entry<String, V> entry : values.entrySet()) {
            if (entry.getKey() == null) throw new IllegalArgumentException(field + " has a null key");
            if (entry.getValue() == null) {
                throw new IllegalArgumentException(field + "[" + entry.getKey() + "] is null");
            }
            sorted.put(entry.getKey(), entry.getValue());
        }
        return Collections.unmodifiableSortedMap(sorted);
    }
}
