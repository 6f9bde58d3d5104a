package org.coophive.common.solver;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/** Derives the API and event stream URLs from a solver URL such as {@code http://host:8080}. */
final class SolverUrls {

    static final String API_PATH = "/api/v1";

    private SolverUrls() {}

    /** {@code {solver URL}/api/v1}, e.g. {@code http://host:8080/api/v1}. */
    static URI api(URI solverUrl) {
        return URI.create(base(solverUrl) + API_PATH);
    }

    /** The WebSocket URL: {@code ws(s)://host:port/.../api/v1/ws}. */
    static URI events(URI solverUrl) {
        String base = base(solverUrl);
        return URI.create("ws" + base.substring("http".length()) + API_PATH + "/ws");
    }

    private static String base(URI solverUrl) {
        Objects.requireNonNull(solverUrl, "solverUrl");
        String scheme =
                solverUrl.getScheme() == null ? "" : solverUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the solver URL must be http:// or https://, not " + solverUrl);
        }
        if (solverUrl.getRawAuthority() == null
                || solverUrl.getRawQuery() != null
                || solverUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("the solver URL must be scheme://host[:port][/path], not " + solverUrl);
        }
        String path = solverUrl.getRawPath() == null ? "" : solverUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + solverUrl.getRawAuthority() + path;
    }
}
