package org.coophive.solver.store;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.contracts.AgreementState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job and resource offers. An offer is saved once under its id; later saves of the same id
 * change nothing, so a retried post is harmless. Once matched, an offer carries its deal id and
 * follows the deal's state.
 */
@Repository
public class OfferStore {

    private static final String SET_DEAL =
            """
            SET deal_id = :dealId, state = :state,
                document = jsonb_set(jsonb_set(document, '{deal_id}', to_jsonb(:dealId::text)),
                                     '{state}', to_jsonb(:state::int))
            WHERE id = :id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final ParsedDocuments<JobOfferContainer> jobOffers;
    private final ParsedDocuments<ResourceOfferContainer> resourceOffers;

    @Autowired
    public OfferStore(JdbcClient jdbc, JsonMapper json) {
        this(jdbc, json, Clock.systemUTC());
    }

    OfferStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.jobOffers = new ParsedDocuments<>(json, JobOfferContainer.class, 4096);
        this.resourceOffers = new ParsedDocuments<>(json, ResourceOfferContainer.class, 4096);
    }

    /** Saves {@code offer} unless an offer with its id exists; returns whether it was new. */
    public boolean save(JobOfferContainer offer) {
        return jdbc.sql(
                                """
                        INSERT INTO job_offers (id, job_creator, deal_id, state, created_at, document)
                        VALUES (:id, :party, :dealId, :state, :createdAt, :document::jsonb)
                        ON CONFLICT (id) DO NOTHING
                        """)
                        .param("id", offer.id())
                        .param("party", Addresses.lowercase(offer.jobCreator()))
                        .param("dealId", offer.dealId())
                        .param("state", offer.state().code())
                        .param("createdAt", createdAt(offer.jobOffer().createdAt()))
                        .param("document", json.writeValueAsString(offer))
                        .update()
                == 1;
    }

    /** Saves {@code offer} unless an offer with its id exists; returns whether it was new. */
    public boolean save(ResourceOfferContainer offer) {
        return jdbc.sql(
                                """
                        INSERT INTO resource_offers (id, resource_provider, deal_id, state, created_at, document)
                        VALUES (:id, :party, :dealId, :state, :createdAt, :document::jsonb)
                        ON CONFLICT (id) DO NOTHING
                        """)
                        .param("id", offer.id())
                        .param("party", Addresses.lowercase(offer.resourceProvider()))
                        .param("dealId", offer.dealId())
                        .param("state", offer.state().code())
                        .param("createdAt", createdAt(offer.resourceOffer().createdAt()))
                        .param("document", json.writeValueAsString(offer))
                        .update()
                == 1;
    }

    public Optional<JobOfferContainer> findJobOffer(String id) {
        return jdbc.sql("SELECT document FROM job_offers WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .map(jobOffers::read);
    }

    public Optional<ResourceOfferContainer> findResourceOffer(String id) {
        return jdbc.sql("SELECT document FROM resource_offers WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .map(resourceOffers::read);
    }

    /** The job offers matching {@code filter}, oldest first. */
    public List<JobOfferContainer> findJobOffers(JobOfferFilter filter) {
        return findJobOffers(filter, Page.ALL);
    }

    /** One page of the job offers matching {@code filter} (by id, after {@code page.after()}), or all oldest first. */
    public List<JobOfferContainer> findJobOffers(JobOfferFilter filter, Page page) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (!filter.jobCreator().isEmpty()) {
            conditions.add("job_creator = :party");
            params.put("party", filter.jobCreator());
        }
        if (filter.notMatched()) {
            conditions.add("deal_id = ''");
        }
        return list("job_offers", conditions, params, page).stream()
                .map(jobOffers::read)
                .toList();
    }

    /** The resource offers matching {@code filter}, oldest first. */
    public List<ResourceOfferContainer> findResourceOffers(ResourceOfferFilter filter) {
        return findResourceOffers(filter, Page.ALL);
    }

    /** One page of the resource offers matching {@code filter}, or all oldest first. */
    public List<ResourceOfferContainer> findResourceOffers(ResourceOfferFilter filter, Page page) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (!filter.resourceProvider().isEmpty()) {
            conditions.add("resource_provider = :party");
            params.put("party", filter.resourceProvider());
        }
        if (filter.active()) {
            conditions.add("(deal_id = '' OR state IN (%d, %d))"
                    .formatted(AgreementState.DEAL_NEGOTIATING.code(), AgreementState.DEAL_AGREED.code()));
        }
        if (filter.notMatched()) {
            conditions.add("deal_id = ''");
        }
        return list("resource_offers", conditions, params, page).stream()
                .map(resourceOffers::read)
                .toList();
    }

    /** Records that job offer {@code id} is in deal {@code dealId}, now in {@code state}. */
    public boolean updateJobOfferDeal(String id, String dealId, AgreementState state) {
        return setDeal("job_offers", id, dealId, state);
    }

    /** Records that resource offer {@code id} is in deal {@code dealId}, now in {@code state}. */
    public boolean updateResourceOfferDeal(String id, String dealId, AgreementState state) {
        return setDeal("resource_offers", id, dealId, state);
    }

    /**
     * Puts job offer {@code id} into deal {@code dealId} if it is still unmatched; returns whether
     * it was. Used inside the transaction that stores the deal, so an offer withdrawn or matched
     * meanwhile makes the whole deal roll back instead of booking it twice.
     */
    public boolean claimJobOffer(String id, String dealId, AgreementState state) {
        return claim("job_offers", id, dealId, state);
    }

    /** As {@link #claimJobOffer} for a resource offer. */
    public boolean claimResourceOffer(String id, String dealId, AgreementState state) {
        return claim("resource_offers", id, dealId, state);
    }

    /** How many job offers are not in a deal. */
    public long countUnmatchedJobOffers() {
        return jdbc.sql("SELECT count(*) FROM job_offers WHERE deal_id = ''")
                .query(Long.class)
                .single();
    }

    /** How many resource offers are not in a deal. */
    public long countUnmatchedResourceOffers() {
        return jdbc.sql("SELECT count(*) FROM resource_offers WHERE deal_id = ''")
                .query(Long.class)
                .single();
    }

    /** Removes job offer {@code id} if it is not in a deal; returns whether it was removed. */
    public boolean withdrawJobOffer(String id) {
        return jdbc.sql("DELETE FROM job_offers WHERE id = :id AND deal_id = ''")
                        .param("id", id)
                        .update()
                == 1;
    }

    /** Removes resource offer {@code id} if it is not in a deal; returns whether it was removed. */
    public boolean withdrawResourceOffer(String id) {
        return jdbc.sql("DELETE FROM resource_offers WHERE id = :id AND deal_id = ''")
                        .param("id", id)
                        .update()
                == 1;
    }

    /**
     * Removes the unmatched offers of both kinds created before {@code cutoff}; offers in a deal
     * stay, since the deal refers to them. Returns how many were removed.
     */
    public int deleteUnmatchedCreatedBefore(Instant cutoff) {
        OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
        int jobs = jdbc.sql("DELETE FROM job_offers WHERE created_at < :before AND deal_id = ''")
                .param("before", before)
                .update();
        int resources = jdbc.sql("DELETE FROM resource_offers WHERE created_at < :before AND deal_id = ''")
                .param("before", before)
                .update();
        return jobs + resources;
    }

    private boolean setDeal(String table, String id, String dealId, AgreementState state) {
        return jdbc.sql("UPDATE " + table + " " + SET_DEAL)
                        .param("id", id)
                        .param("dealId", dealId == null ? "" : dealId)
                        .param("state", state.code())
                        .update()
                == 1;
    }

    private boolean claim(String table, String id, String dealId, AgreementState state) {
        return jdbc.sql("UPDATE " + table + " " + SET_DEAL + " AND deal_id = ''")
                        .param("id", id)
                        .param("dealId", dealId)
                        .param("state", state.code())
                        .update()
                == 1;
    }

    private List<String> list(String table, List<String> conditions, Map<String, Object> params, Page page) {
        return jdbc.sql("SELECT document FROM " + table + page.sql(conditions, params))
                .params(params)
                .query(String.class)
                .list();
    }

    /** How many offers of {@code jobCreator} are not in a deal. */
    public long countUnmatchedJobOffersOf(String jobCreator) {
        return jdbc.sql("SELECT count(*) FROM job_offers WHERE job_creator = :party AND deal_id = ''")
                .param("party", Addresses.lowercase(jobCreator))
                .query(Long.class)
                .single();
    }

    /** How many offers of {@code resourceProvider} are not in a deal. */
    public long countUnmatchedResourceOffersOf(String resourceProvider) {
        return jdbc.sql("SELECT count(*) FROM resource_offers WHERE resource_provider = :party AND deal_id = ''")
                .param("party", Addresses.lowercase(resourceProvider))
                .query(Long.class)
                .single();
    }

    // Offers posted without a creation time are stamped on arrival, so expiry still applies.
    private OffsetDateTime createdAt(long epochMillis) {
        Instant instant = epochMillis > 0 ? Instant.ofEpochMilli(epochMillis) : clock.instant();
        return instant.atOffset(ZoneOffset.UTC);
    }
}
