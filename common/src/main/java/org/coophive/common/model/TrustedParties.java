package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
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

    /**
     * Why a party trusting these would not sign a deal with these members, one sentence per
     * problem; empty when it may. The one trust rule of the job creator and the resource provider:
     * the deal was made by the trusted solver, names at least one mediator and only trusted ones
     * (addresses compared case-insensitively).
     */
    public List<String> untrustedMembers(DealMembers members) {
        List<String> problems = new ArrayList<>();
        if (!Addresses.equal(members.solver(), solver)) {
            problems.add("the deal was made by solver " + members.solver() + ", the trusted solver is " + solver);
        }
        if (members.mediators().isEmpty()) problems.add("the deal names no mediator");
        for (String mediator : members.mediators()) {
            if (mediators.stream().noneMatch(m -> Addresses.equal(m, mediator))) {
                problems.add("mediator " + mediator + " is not trusted (trusted: " + mediators + ")");
            }
        }
        return problems;
    }
}
