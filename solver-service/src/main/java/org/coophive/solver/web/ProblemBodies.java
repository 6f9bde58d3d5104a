package org.coophive.solver.web;

import org.coophive.common.solver.ProblemDetails;
import tools.jackson.databind.json.JsonMapper;

/** The bytes of a Problem Details body, the same wherever it is written. */
public final class ProblemBodies {

    /** The media type of every error body. */
    public static final String CONTENT_TYPE = "application/problem+json";

    /** The scheme named in {@code WWW-Authenticate} on a 401. */
    public static final String AUTH_SCHEME = "CoopHive-Request-V1";

    // The record's annotations fix its form; no service setting should change an error body.
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemBodies() {}

    public static byte[] bytes(ProblemDetails problem) {
        return JSON.writeValueAsBytes(problem);
    }
}
