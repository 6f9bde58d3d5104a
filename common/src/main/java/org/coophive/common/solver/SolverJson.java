package org.coophive.common.solver;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client's JSON mapper. The records' annotations fix the wire form; the only setting here
 * makes the client a tolerant reader, so a newer solver may add members without breaking it.
 */
final class SolverJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SolverJson() {}
}
