package org.coophive.solver.store;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored JSON documents read back as records, each distinct text parsed once while it is among
 * the last {@code capacity} read. The same text always reads as the same value and the records
 * are immutable, so a value can be handed out again: a matching pass reads every unmatched offer
 * and the listings read every deal of a party, most of them unchanged since the last read.
 */
final class ParsedDocuments<T> {

    private final JsonMapper json;
    private final Class<T> type;
    private final Map<String, T> parsed;

    ParsedDocuments(JsonMapper json, Class<T> type, int capacity) {
        this.json = json;
        this.type = type;
        this.parsed = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The record of this document text. */
    T read(String document) {
        synchronized (parsed) {
            T hit = parsed.get(document);
            if (hit != null) return hit;
        }
        // Parsed outside the lock: two threads reading one new text both parse it, harmlessly.
        T value = json.readValue(document, type);
        synchronized (parsed) {
            parsed.put(document, value);
        }
        return value;
    }
}
