package org.coophive.jobcreator.deals;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of jobs, in files and on the API: snake_case, times as ISO-8601. */
public final class JobJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(tools.jackson.databind.cfg.DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A field missing from an older job file reads as its zero value.
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private JobJson() {}

    /** The shared mapper (thread-safe). */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
