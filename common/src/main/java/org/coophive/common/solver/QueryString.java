package org.coophive.common.solver;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Builds the raw query of a list request, leaving out filters that are not set. */
final class QueryString {

    private final StringJoiner parts = new StringJoiner("&");

    QueryString add(String name, String value) {
        if (!value.isEmpty()) {
            parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return this;
    }

    QueryString flag(String name, boolean set) {
        return set ? add(name, "true") : this;
    }

    /** The raw query without {@code ?}; empty when no filter is set. */
    @Override
    public String toString() {
        return parts.toString();
    }
}
