package org.coophive.common.chain;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * An {@link EventStream} that polls {@code eth_getLogs} for one event of one contract.
 *
 * <p>Each poll reads the latest block and fetches the logs from the first block it has not fully
 * read up to it, at most {@link EventPolling#maxBlockRange()} blocks per request, and hands every
 * log after {@link #position()} to the listener in (block, log index) order. The position moves
 * past an event only once the listener returned; a block range counts as read only once all its
 * events were handled. So a failing listener (or node) makes the next poll start over from the
 * same range and deliver the same event again.
 */
final class LogStream<T> implements EventStream {

    private static final Logger log = LoggerFactory.getLogger(LogStream.class);

    private enum State {
        NEW,
        RUNNING,
        CLOSED
    }

    private final String name;
    private final Web3j web3j;
    private final String contract;
    private final String topic;
    private final Function<Log, T> decoder;
    private final ChainEventListener<T> listener;
    private final EventPolling polling;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private volatile EventCursor position;
    private volatile Thread pollingThread;
    private ScheduledExecutorService executor;

    /** The first block not yet fully read. Only touched by the polling thread. */
    private long nextBlock;

    private int failures;

    LogStream(
            String name,
            Web3j web3j,
            String contract,
            String topic,
            Function<Log, T> decoder,
            EventCursor after,
            ChainEventListener<T> listener,
            EventPolling polling) {
        this.name = name;
        this.web3j = web3j;
        this.contract = contract;
        this.topic = topic;
        this.decoder = decoder;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.polling = polling;
        this.position = Objects.requireNonNull(after, "after");
        this.nextBlock = after.logIndex() == Long.MAX_VALUE ? after.blockNumber() + 1 : after.blockNumber();
    }

    @Override
    public void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException(name + " stream was already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "chain-events-" + name);
            thread.setDaemon(true);
            return thread;
        });
        log.debug("{} stream starts after {}", name, position);
        executor.execute(this::poll);
    }

    @Override
    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    @Override
    public EventCursor position() {
        return position;
    }

    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous != State.RUNNING) return;
        executor.shutdown();
        // A listener that closes its own stream must not wait for itself.
        if (Thread.currentThread() == pollingThread) return;
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("{} stream: the listener did not return within 30 s; interrupting it", name);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.debug("{} stream stopped at {}", name, position);
    }

    private void poll() {
        if (state.get() != State.RUNNING) return;
        pollingThread = Thread.currentThread();
        Duration next;
        try {
            readNewEvents();
            failures = 0;
            next = polling.interval();
        } catch (ListenerFailedException e) {
            failures++;
            next = polling.backoff(failures);
            log.warn(
                    "{} stream: the listener failed on the event at {} in transaction {}; delivering it again in {} ms",
                    name,
                    e.cursor,
                    e.txHash,
                    next.toMillis(),
                    e.getCause());
        } catch (Exception e) {
            failures++;
            next = polling.backoff(failures);
            log.warn(
                    "{} stream: reading events failed ({}); trying again in {} ms",
                    name,
                    e.getMessage(),
                    next.toMillis());
        }
        if (state.get() != State.RUNNING) return;
        try {
            executor.schedule(this::poll, next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed between the check and the schedule: nothing left to do.
        }
    }

    private void readNewEvents() throws Exception {
        long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact() - polling.confirmations();
        while (nextBlock <= head && state.get() == State.RUNNING) {
            long to = Math.min(nextBlock + polling.maxBlockRange() - 1, head);
            EthFilter filter = new EthFilter(
                    DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(nextBlock)),
                    DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(to)),
                    contract);
            filter.addSingleTopic(topic);
            EthLog response = web3j.ethGetLogs(filter).send();
            if (response.hasError()) {
                throw new ChainException("eth_getLogs for blocks " + nextBlock + ".." + to + " failed: "
                        + response.getError().getMessage());
            }
            List<Log> logs = response.getLogs().stream()
                    .map(result -> (Log) result.get())
                    .sorted(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex))
                    .toList();
            for (Log entry : logs) {
                if (state.get() != State.RUNNING) return;
                deliver(entry);
            }
            nextBlock = to + 1;
        }
    }

    private void deliver(Log entry) throws ListenerFailedException {
        if (entry.isRemoved()) return;
        EventCursor cursor = new EventCursor(
                entry.getBlockNumber().longValueExact(), entry.getLogIndex().longValueExact());
        if (!cursor.isAfter(position)) return;
        T event;
        try {
            event = decoder.apply(entry);
        } catch (RuntimeException e) {
            // Not ours to handle: a log with this contract's topic that does not decode would be
            // a wrong ABI. Skipping it loudly beats stopping the stream for good.
            log.error(
                    "{} stream: cannot decode the log at {} in transaction {}; skipping it",
                    name,
                    cursor,
                    entry.getTransactionHash(),
                    e);
            position = cursor;
            return;
        }
        try {
            listener.onEvent(new ChainEvent<>(event, cursor, entry.getTransactionHash(), entry.getBlockHash()));
        } catch (Exception e) {
            throw new ListenerFailedException(cursor, entry.getTransactionHash(), e);
        }
        position = cursor;
    }

    /** The listener threw: the poll ends and the event is delivered again next time. */
    private static final class ListenerFailedException extends Exception {
        private final EventCursor cursor;
        private final String txHash;

        ListenerFailedException(EventCursor cursor, String txHash, Exception cause) {
            super(cause);
            this.cursor = cursor;
            this.txHash = txHash;
        }
    }
}
