package org.coophive.solver.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactions;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.contracts.AgreementState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Deals. A deal is saved once under its id; later changes go through the update methods. */
@Repository
public class DealStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final ParsedDocuments<DealContainer> documents;

    public DealStore(JdbcClient jdbc, JsonMapper json, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
        this.documents = new ParsedDocuments<>(json, DealContainer.class, 4096);
    }

    /** Saves {@code deal} unless a deal with its id exists; returns whether it was new. */
    public boolean save(DealContainer deal) {
        return jdbc.sql(
                                """
                        INSERT INTO deals (id, job_creator, resource_provider, mediator, state, document)
                        VALUES (:id, :jobCreator, :resourceProvider, :mediator, :state, :document::jsonb)
                        ON CONFLICT (id) DO NOTHING
                        """)
                        .param("id", deal.id())
                        .param("jobCreator", Addresses.lowercase(deal.jobCreator()))
                        .param("resourceProvider", Addresses.lowercase(deal.resourceProvider()))
                        .param("mediator", Addresses.lowercase(deal.mediator()))
                        .param("state", deal.state().code())
                        .param("document", json.writeValueAsString(deal))
                        .update()
                == 1;
    }

    public Optional<DealContainer> find(String id) {
        return jdbc.sql("SELECT document FROM deals WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .map(this::read);
    }

    /** The deals matching {@code filter}, oldest first. */
    public List<DealContainer> find(DealFilter filter) {
        return find(filter, Page.ALL);
    }

    /** One page of the deals matching {@code filter} (by id), or all oldest first. */
    public List<DealContainer> find(DealFilter filter, Page page) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        addCondition(conditions, params, "job_creator", filter.jobCreator());
        addCondition(conditions, params, "resource_provider", filter.resourceProvider());
        addCondition(conditions, params, "mediator", filter.mediator());
        filter.state().ifPresent(state -> {
            conditions.add("state = :state");
            params.put("state", state.code());
        });
        return jdbc
                .sql("SELECT document FROM deals" + page.sql(conditions, params))
                .params(params)
                .query(String.class)
                .list()
                .stream()
                .map(this::read)
                .toList();
    }

    /** Sets the state of deal {@code id}; returns whether the deal exists. */
    public boolean updateState(String id, AgreementState state) {
        return jdbc.sql(
                                """
                        UPDATE deals SET state = :state, document = jsonb_set(document, '{state}', to_jsonb(:state::int))
                        WHERE id = :id
                        """)
                        .param("id", id)
                        .param("state", state.code())
                        .update()
                == 1;
    }

    /**
     * Sets the state of deal {@code id} unless it is already {@code state}; returns whether it
     * changed (false for an unknown deal too).
     */
    public boolean changeState(String id, AgreementState state) {
        return jdbc.sql(
                                """
                        UPDATE deals SET state = :state, document = jsonb_set(document, '{state}', to_jsonb(:state::int))
                        WHERE id = :id AND state <> :state
                        """)
                        .param("id", id)
                        .param("state", state.code())
                        .update()
                == 1;
    }

    /**
     * Sets the state of deal {@code id} as the chain's event at {@code at} reports it, unless the
     * deal holds a state learnt from a later event (an event delivered again after a restart or a
     * rewind); returns whether the state changed (false for an unknown deal too).
     */
    public boolean changeState(String id, AgreementState state, EventCursor at) {
        boolean changed = jdbc.sql(
                                """
                        UPDATE deals SET state = :state, document = jsonb_set(document, '{state}', to_jsonb(:state::int)),
                            state_block = :block, state_log_index = :logIndex
                        WHERE id = :id AND state <> :state AND (state_block, state_log_index) < (:block, :logIndex)
                        """)
                        .param("id", id)
                        .param("state", state.code())
                        .param("block", at.blockNumber())
                        .param("logIndex", at.logIndex())
                        .update()
                == 1;
        if (!changed) {
            jdbc.sql(
                            """
                    UPDATE deals SET state_block = :block, state_log_index = :logIndex
                    WHERE id = :id AND (state_block, state_log_index) < (:block, :logIndex)
                    """)
                    .param("id", id)
                    .param("block", at.blockNumber())
                    .param("logIndex", at.logIndex())
                    .update();
        }
        return changed;
    }

    /**
     * Ids of the deals whose state or mediator was learnt from an event after {@code block}: what a
     * rollback of the blocks after it may have undone.
     */
    public List<String> learntAfter(long block) {
        return jdbc.sql("SELECT id FROM deals WHERE state_block > :block OR mediator_block > :block ORDER BY id")
                .param("block", block)
                .query(String.class)
                .list();
    }

    /**
     * Sets deal {@code id}'s state and mediator to what the chain holds at block {@code head} (read
     * after a rollback), whatever events said before; events up to that block are then not applied
     * again. Returns whether the state changed and whether the mediator changed.
     */
    public Correction correct(String id, AgreementState state, String mediator, long head) {
        boolean stateChanged = changeState(id, state);
        boolean mediatorChanged = changeMediator(id, mediator);
        jdbc.sql(
                        """
                UPDATE deals SET state_block = :head, state_log_index = :end, mediator_block = :head WHERE id = :id
                """)
                .param("id", id)
                .param("head", head)
                .param("end", Long.MAX_VALUE)
                .update();
        return new Correction(stateChanged, mediatorChanged);
    }

    /** What {@link #correct} changed. */
    public record Correction(boolean state, boolean mediator) {}

    /**
     * Sets the mediator of deal {@code id} as the chain's event at {@code block} reports it unless
     * it already has this one (compared ignoring case); returns whether it changed (false for an
     * unknown deal too).
     */
    public boolean changeMediator(String id, String mediator, long block) {
        jdbc.sql("UPDATE deals SET mediator_block = :block WHERE id = :id AND mediator_block < :block")
                .param("id", id)
                .param("block", block)
                .update();
        return changeMediator(id, mediator);
    }

    /**
     * Sets the mediator of deal {@code id} unless it already has this one (compared ignoring
     * case); returns whether it changed (false for an unknown deal too).
     */
    public boolean changeMediator(String id, String mediator) {
        return jdbc.sql(
                                """
                        UPDATE deals SET mediator = :column,
                            document = jsonb_set(document, '{mediator}', to_jsonb(:mediator::text))
                        WHERE id = :id AND mediator <> :column
                        """)
                        .param("id", id)
                        .param("column", Addresses.lowercase(mediator))
                        .param("mediator", mediator == null ? "" : mediator)
                        .update()
                == 1;
    }

    /**
     * Ids of the resource offers booked by an open deal: one whose state is not terminal
     * (negotiating, agreed, results submitted or checked). The matcher never books these again.
     */
    public Set<String> openResourceOffers() {
        String open = Arrays.stream(AgreementState.values())
                .filter(state -> !state.isTerminal())
                .map(state -> Integer.toString(state.code()))
                .collect(Collectors.joining(", "));
        return Set.copyOf(jdbc.sql("SELECT document->>'resource_offer' FROM deals WHERE state IN (" + open + ")")
                .query(String.class)
                .list());
    }

    /** How many deals are in each state; states without deals are left out. */
    public Map<AgreementState, Long> countByState() {
        Map<AgreementState, Long> counts = new EnumMap<>(AgreementState.class);
        jdbc.sql("SELECT state, count(*) AS n FROM deals GROUP BY state")
                .query((rs, row) -> Map.entry(AgreementState.ofCode(rs.getInt("state")), rs.getLong("n")))
                .list()
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    /** Sets the mediator of deal {@code id}; returns whether the deal exists. */
    public boolean setMediator(String id, String mediator) {
        return jdbc.sql(
                                """
                        UPDATE deals SET mediator = :column,
                            document = jsonb_set(document, '{mediator}', to_jsonb(:mediator::text))
                        WHERE id = :id
                        """)
                        .param("id", id)
                        .param("column", Addresses.lowercase(mediator))
                        .param("mediator", mediator == null ? "" : mediator)
                        .update()
                == 1;
    }

    /**
     * Adds the non-empty transaction hashes of {@code reported} to deal {@code id}, keeping the
     * hashes it already has where {@code reported} has none. Returns the updated deal, empty if
     * there is no such deal.
     */
    public Optional<DealContainer> mergeTransactions(String id, DealTransactions reported) {
        return changeTransactions(id, stored -> merge(stored, reported), true);
    }

    /**
     * Clears the transaction hashes of deal {@code id} that are in {@code gone} (steps a rollback
     * took off the chain), keeping every other one, also one reported meanwhile. Returns the deal
     * as it is now if a hash was cleared, else empty.
     */
    public Optional<DealContainer> clearTransactions(String id, Set<String> gone) {
        if (gone.isEmpty()) return Optional.empty();
        return changeTransactions(id, stored -> filter(stored, hash -> !gone.contains(hash)), false);
    }

    /**
     * Puts hashes a rollback cleared back where no other hash was reported since (the very same
     * transaction mined again on the new branch). Returns the deal as it is now if one was put
     * back, else empty.
     */
    public Optional<DealContainer> restoreTransactions(String id, DealTransactions mined) {
        return changeTransactions(id, stored -> merge(mined, stored), false);
    }

    /**
     * Changes deal {@code id}'s hashes under a row lock; returns the deal as it is now when it
     * changed, or always when {@code always} (empty only for an unknown deal then).
     */
    private Optional<DealContainer> changeTransactions(
            String id, java.util.function.UnaryOperator<DealTransactions> change, boolean always) {
        return transactions.execute(status -> jdbc.sql("SELECT document FROM deals WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(String.class)
                .optional()
                .map(this::read)
                .flatMap(deal -> {
                    DealTransactions changed = change.apply(deal.transactions());
                    if (!always && changed.equals(deal.transactions())) return Optional.empty();
                    DealContainer updated = new DealContainer(
                            deal.id(),
                            deal.jobCreator(),
                            deal.resourceProvider(),
                            deal.jobOffer(),
                            deal.resourceOffer(),
                            deal.state(),
                            deal.deal(),
                            changed,
                            deal.mediator());
                    jdbc.sql("UPDATE deals SET document = :document::jsonb WHERE id = :id")
                            .param("id", id)
                            .param("document", json.writeValueAsString(updated))
                            .update();
                    return Optional.of(updated);
                }));
    }

    /** The hashes of {@code stored} that {@code keep} accepts; {@code ""} in place of the others. */
    public static DealTransactions filter(DealTransactions stored, java.util.function.Predicate<String> keep) {
        var rp = stored.resourceProvider();
        var jc = stored.jobCreator();
        var m = stored.mediator();
        java.util.function.UnaryOperator<String> kept = hash -> keep.test(hash) ? hash : "";
        return new DealTransactions(
                new DealTransactionsResourceProvider(
                        kept.apply(rp.agree()),
                        kept.apply(rp.addResult()),
                        kept.apply(rp.timeoutAgree()),
                        kept.apply(rp.timeoutJudgeResults()),
                        kept.apply(rp.timeoutMediateResults())),
                new DealTransactionsJobCreator(
                        kept.apply(jc.agree()),
                        kept.apply(jc.acceptResult()),
                        kept.apply(jc.checkResult()),
                        kept.apply(jc.timeoutAgree()),
                        kept.apply(jc.timeoutSubmitResults()),
                        kept.apply(jc.timeoutMediateResults())),
                new DealTransactionsMediator(
                        kept.apply(m.mediationAcceptResult()), kept.apply(m.mediationRejectResult())));
    }

    /** Every non-empty hash of {@code stored}. */
    public static Set<String> hashes(DealTransactions stored) {
        var rp = stored.resourceProvider();
        var jc = stored.jobCreator();
        var m = stored.mediator();
        return java.util.stream.Stream.of(
                        rp.agree(),
                        rp.addResult(),
                        rp.timeoutAgree(),
                        rp.timeoutJudgeResults(),
                        rp.timeoutMediateResults(),
                        jc.agree(),
                        jc.acceptResult(),
                        jc.checkResult(),
                        jc.timeoutAgree(),
                        jc.timeoutSubmitResults(),
                        jc.timeoutMediateResults(),
                        m.mediationAcceptResult(),
                        m.mediationRejectResult())
                .filter(hash -> !hash.isEmpty())
                .collect(Collectors.toSet());
    }

    public static DealTransactions merge(DealTransactions stored, DealTransactions reported) {
        var rp = stored.resourceProvider();
        var newRp = reported.resourceProvider();
        var jc = stored.jobCreator();
        var newJc = reported.jobCreator();
        var m = stored.mediator();
        var newM = reported.mediator();
        return new DealTransactions(
                new DealTransactionsResourceProvider(
                        pick(rp.agree(), newRp.agree()),
                        pick(rp.addResult(), newRp.addResult()),
                        pick(rp.timeoutAgree(), newRp.timeoutAgree()),
                        pick(rp.timeoutJudgeResults(), newRp.timeoutJudgeResults()),
                        pick(rp.timeoutMediateResults(), newRp.timeoutMediateResults())),
                new DealTransactionsJobCreator(
                        pick(jc.agree(), newJc.agree()),
                        pick(jc.acceptResult(), newJc.acceptResult()),
                        pick(jc.checkResult(), newJc.checkResult()),
                        pick(jc.timeoutAgree(), newJc.timeoutAgree()),
                        pick(jc.timeoutSubmitResults(), newJc.timeoutSubmitResults()),
                        pick(jc.timeoutMediateResults(), newJc.timeoutMediateResults())),
                new DealTransactionsMediator(
                        pick(m.mediationAcceptResult(), newM.mediationAcceptResult()),
                        pick(m.mediationRejectResult(), newM.mediationRejectResult())));
    }

    private static String pick(String stored, String reported) {
        return reported.isEmpty() ? stored : reported;
    }

    private static void addCondition(List<String> conditions, Map<String, Object> params, String column, String value) {
        if (!value.isEmpty()) {
            conditions.add(column + " = :" + column);
            params.put(column, value);
        }
    }

    private DealContainer read(String document) {
        return documents.read(document);
    }
}
