package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The solver and mediators an offer trusts (JSON key {@code trusted_parties} in offers; the
 * reference's {@code ServiceConfig}). A deal's mediators are those both offers trust.
 *
 * @param solver address of the solver that may match the offer
 * @param mediators addresses of acceptable mediators (JSON key {@code mediator}, a list), at least
 *     one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TrustedParties(String solver, @JsonProperty("mediator") List<String> mediators) {

    public TrustedParties {
        solver = Components.text(solver);
        mediators = Components.list("mediator", mediators);
    }
}
