package org.coophive.common.config;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.coophive.common.chain.OnChainUser;
import org.coophive.common.chain.UserDirectory;

/**
 * Finds the solver's URL: the one the solver registered in the Users contract under its
 * address ({@code SERVICE_SOLVER}), as in the seed, unless {@code SERVICE_SOLVER_URL} names one
 * (for a solver behind a proxy, or a test).
 */
public final class SolverLocator {

    public static final String SOLVER_URL = "SERVICE_SOLVER_URL";

    private SolverLocator() {}

    /**
     * @throws IllegalStateException when the solver has not registered a URL (is it running, and
     *     on this chain?)
     * @throws IllegalArgumentException when {@code SERVICE_SOLVER_URL} is not an http(s) URL
     */
    public static URI locate(UserDirectory chain, ServiceParties parties, Map<String, String> env) {
        Objects.requireNonNull(chain, "chain");
        String override = env.get(SOLVER_URL);
        if (override != null && !override.isBlank()) {
            return httpUrl(SOLVER_URL, override.strip());
        }
        String url = chain.getUser(parties.solver())
                .map(OnChainUser::url)
                .filter(registered -> !registered.isBlank())
                .orElseThrow(() -> new IllegalStateException("solver " + parties.solver()
                        + " has not registered a URL in the Users contract: is it running on this chain? (set "
                        + SOLVER_URL + " to bypass)"));
        return httpUrl("the URL registered by solver " + parties.solver(), url);
    }

    private static URI httpUrl(String what, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a URL: " + url, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(what + " is not an http(s) URL: " + url);
        }
        return uri;
    }
}
