package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Who takes part in a deal, as on chain ({@code SharedStructs.DealMembers}).
 *
 * @param solver the solver that made the deal
 * @param jobCreator the job creator
 * @param resourceProvider the resource provider
 * @param mediators the mediators both offers trust, in the resource offer's order; one is picked
 *     on chain if the job creator disputes the results
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DealMembers(String solver, String jobCreator, String resourceProvider, List<String> mediators) {

    public DealMembers {
        solver = Components.text(solver);
        jobCreator = Components.text(jobCreator);
        resourceProvider = Components.text(resourceProvider);
        mediators = Components.list("mediators", mediators);
    }
}
