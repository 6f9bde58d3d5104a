package org.coophive.common.chain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.generated.CoopHiveMediationRandom;
import org.coophive.contracts.generated.CoopHiveOnChainJobCreator;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;

/**
 * {@link ChainEvents} read from a node by {@code eth_getLogs} over block ranges: one thread per
 * stream. With {@link ChainHeads}, every stream reads as soon as a new block arrives and polls by
 * itself only every {@link #WATCHED_INTERVAL} (in case a head went unnoticed); without, it polls
 * every {@link EventPolling#interval()}. Logs rather than a log filter subscription because a
 * stream resumes from any block and survives node restarts (filters live in the node's memory).
 * Usually made by {@link Web3ChainClient#events}.
 */
public final class PollingChainEvents implements ChainEvents {

    private final Web3j web3j;
    private final ChainAddresses addresses;
    private final EventPolling polling;
    private final Optional<ChainHeads> heads;
    private final Rpc rpc = new Rpc(RetryPolicy.DEFAULT);

    /** How often a stream polls by itself while {@link ChainHeads} wake it on each new block. */
    static final Duration WATCHED_INTERVAL = Duration.ofSeconds(1);

    /** Streams that poll every {@code polling.interval()}. */
    public PollingChainEvents(Web3j web3j, ChainAddresses addresses, EventPolling polling) {
        this(web3j, addresses, polling, Optional.empty());
    }

    /** Streams woken by {@code heads} on each new block (when present). */
    public PollingChainEvents(Web3j web3j, ChainAddresses addresses, EventPolling polling, Optional<ChainHeads> heads) {
        this.web3j = Objects.requireNonNull(web3j, "web3j");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.polling = Objects.requireNonNull(polling, "polling");
        this.heads = Objects.requireNonNull(heads, "heads");
    }

    @Override
    public EventStream dealStateChanges(EventCursor after, ChainEventListener<DealStateChanged> listener) {
        return dealStateChanges(EventCheckpoint.unchecked(after), listener);
    }

    @Override
    public EventStream dealStateChanges(EventCheckpoint after, ChainEventListener<DealStateChanged> listener) {
        return stream(
                "DealStateChange",
                addresses.storage(),
                CoopHiveStorage.DEALSTATECHANGE_EVENT,
                log -> {
                    var event = CoopHiveStorage.getDealStateChangeEventFromLog(log);
                    return new DealStateChanged(
                            Bytes32.of(event.dealKey),
                            Bytes32.of(event.dealId),
                            AgreementState.ofCode(event.state.intValueExact()));
                },
                after,
                listener);
    }

    @Override
    public EventStream mediationRequests(EventCursor after, ChainEventListener<MediationRequested> listener) {
        return mediationRequests(EventCheckpoint.unchecked(after), listener);
    }

    @Override
    public EventStream mediationRequests(EventCheckpoint after, ChainEventListener<MediationRequested> listener) {
        return stream(
                "MediationRequested",
                addresses.mediation(),
                CoopHiveMediationRandom.MEDIATIONREQUESTED_EVENT,
                log -> {
                    var event = CoopHiveMediationRandom.getMediationRequestedEventFromLog(log);
                    return new MediationRequested(Bytes32.of(event.dealKey), Bytes32.of(event.dealId), event.mediator);
                },
                after,
                listener);
    }

    @Override
    public EventStream resultsAdded(EventCursor after, ChainEventListener<ResultAdded> listener) {
        return resultsAdded(EventCheckpoint.unchecked(after), listener);
    }

    @Override
    public EventStream resultsAdded(EventCheckpoint after, ChainEventListener<ResultAdded> listener) {
        return stream(
                "ResultAdded",
                addresses.storage(),
                CoopHiveStorage.RESULTADDED_EVENT,
                log -> {
                    var event = CoopHiveStorage.getResultAddedEventFromLog(log);
                    return new ResultAdded(
                            Bytes32.of(event.dealKey),
                            Bytes32.of(event.resultsId),
                            Bytes32.of(event.dataId),
                            event.instructionCount);
                },
                after,
                listener);
    }

    @Override
    public EventStream jobsAdded(EventCursor after, ChainEventListener<JobAdded> listener) {
        return jobsAdded(EventCheckpoint.unchecked(after), listener);
    }

    @Override
    public EventStream jobsAdded(EventCheckpoint after, ChainEventListener<JobAdded> listener) {
        return stream(
                "JobAdded",
                addresses.jobCreator(),
                CoopHiveOnChainJobCreator.JOBADDED_EVENT,
                log -> {
                    var event = CoopHiveOnChainJobCreator.getJobAddedEventFromLog(log);
                    return new JobAdded(event.id, event.callingContract, event.payee, event.module, event.inputs);
                },
                after,
                listener);
    }

    @Override
    public EventCursor latest() {
        long head = rpc.call(
                        "read the block number",
                        () -> web3j.ethBlockNumber().send().getBlockNumber())
                .longValueExact();
        return EventCursor.endOf(Math.max(0, head - polling.confirmations()));
    }

    private <T> EventStream stream(
            String name,
            String contract,
            Event event,
            Function<Log, T> decoder,
            EventCheckpoint after,
            ChainEventListener<T> listener) {
        if (heads.isEmpty()) {
            return new LogStream<>(
                    name, web3j, contract, EventEncoder.encode(event), decoder, after, listener, polling);
        }
        EventPolling watched = polling.interval().compareTo(WATCHED_INTERVAL) >= 0
                ? polling
                : new EventPolling(
                        WATCHED_INTERVAL,
                        polling.maxBlockRange(),
                        polling.confirmations(),
                        polling.maxBackoff().compareTo(WATCHED_INTERVAL) >= 0
                                ? polling.maxBackoff()
                                : WATCHED_INTERVAL);
        return new WokenStream(
                new LogStream<>(
                        name,
                        web3j,
                        contract,
                        EventEncoder.encode(event),
                        decoder,
                        after,
                        listener,
                        watched,
                        heads.get()),
                heads.get());
    }

    /** A stream that {@link ChainHeads} wake on every new block while it runs. */
    private static final class WokenStream implements EventStream {
        private final LogStream<?> stream;
        private final ChainHeads heads;
        private AutoCloseable wakes;

        WokenStream(LogStream<?> stream, ChainHeads heads) {
            this.stream = stream;
            this.heads = heads;
        }

        @Override
        public synchronized void start() {
            stream.start();
            wakes = heads.onNewHead(stream::wake);
        }

        @Override
        public boolean isRunning() {
            return stream.isRunning();
        }

        @Override
        public EventCursor position() {
            return stream.position();
        }

        @Override
        public EventCheckpoint checkpoint() {
            return stream.checkpoint();
        }

        @Override
        public void close() {
            synchronized (this) {
                if (wakes != null) {
                    try {
                        wakes.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e); // removing a listener does not fail
                    }
                    wakes = null;
                }
            }
            stream.close();
        }
    }
}
