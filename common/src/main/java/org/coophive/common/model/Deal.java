package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.coophive.common.ids.ContentIds;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A match of one job offer with one resource offer, made by the solver; both parties agree to it
 * on chain with exactly these members, pricing and timeouts.
 *
 * @param id content id of the deal with {@code id} emptied (the embedded offers keep their ids)
 * @param members who takes part
 * @param pricing the resource offer's default pricing
 * @param timeouts the resource offer's default timeouts
 * @param jobOffer the matched job offer, in full
 * @param resourceOffer the matched resource offer, in full
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Deal(
        String id,
        DealMembers members,
        DealPricing pricing,
        DealTimeouts timeouts,
        JobOffer jobOffer,
        ResourceOffer resourceOffer) {

    public Deal {
        id = Components.text(id);
        members = members == null ? new DealMembers(null, null, null, null) : members;
        pricing = pricing == null ? new DealPricing(null, null, 0, null) : pricing;
        timeouts = timeouts == null ? new DealTimeouts(null, null, null, null) : timeouts;
        jobOffer = jobOffer == null ? new JobOffer(null, 0, null, null, null, null, null, null, null, null) : jobOffer;
        resourceOffer = resourceOffer == null
                ? new ResourceOffer(null, 0, null, 0, null, null, null, null, null, null, null, null)
                : resourceOffer;
    }

    /** This deal with another id. */
    public Deal withId(String id) {
        return new Deal(id, members, pricing, timeouts, jobOffer, resourceOffer);
    }

    /**
     * The deal id on chain ({@code bytes32 dealId}): the 32-byte digest inside {@link #id()}.
     *
     * @throws org.coophive.common.ids.InvalidContentIdException if the id is empty or not a
     *     content id
     */
    public byte[] onChainId() {
        return ContentIds.digest(id);
    }
}
