package org.coophive.common.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
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
 * A poll a new head woke skips the request for blocks whose logs filters, as the heads told them
 * ({@link ChainHeads#rulesOut}), hold neither the contract's address nor the event's topic.
 *
 * <p>Reorganisations. The stream remembers the hashes of the last {@link #REMEMBERED_BLOCKS} blocks
 * it read up to. Every poll first checks that the last of them is still in the chain; when it is
 * not (the chain's history changed: a reorg, a rollback, a dev chain reverted to a snapshot), it
 * looks for the newest remembered block the chain still has (the fork point) and reads again from
 * the block after it, delivering the events of the re-mined blocks again, those it had delivered
 * from the old branch included. Listeners must be idempotent (they are: every consumer treats an
 * event as a hint and reads the chain's state, or journals what it learnt once). A fork deeper
 * than the remembered blocks rewinds to the oldest of them, with an error in the log. The listener
 * hears of each rewind first ({@link ChainEventListener#onRewind}).
 *
 * <p>Across restarts. A stream started from an {@link EventCheckpoint} (a saved position with its
 * block's hash) first checks that block: when the chain has another block at that height now, or
 * none (the chain's history changed while the service was stopped), it reads again from
 * {@link #RESTART_REWIND_BLOCKS} blocks before it (only the one hash was saved, so the fork point is
 * not known exactly), telling the listener like any rewind. {@link #checkpoint()} gives the position
 * with its block's hash, to save.
 */
final class LogStream<T> implements EventStream {

    private static final Logger log = LoggerFactory.getLogger(LogStream.class);

    /** How many read blocks' hashes a stream remembers: the deepest reorganisation it can rewind exactly. */
    static final int REMEMBERED_BLOCKS = 256;

    /**
     * How far a stream started from a checkpoint whose block is gone goes back: the deepest
     * reorganisation during a stop it replays (as deep as a running stream rewinds exactly).
     */
    static final int RESTART_REWIND_BLOCKS = REMEMBERED_BLOCKS;

    private enum State {
        NEW,
        RUNNING,
        CLOSED
    }

    private final String name;
    private final Web3j web3j;
    private final String contract;
    private final String topic;

    /** The bits of {@link #contract} and {@link #topic} in a block's logs filter. */
    private final LogsBloom.Probe probe;

    private final Function<Log, T> decoder;
    private final ChainEventListener<T> listener;
    private final EventPolling polling;

    /**
     * The process's head watcher, or null: a poll a new head woke reads the head's number and the
     * recent blocks' hashes from it instead of asking the node for each (the periodic poll still
     * asks the node for every one of them).
     */
    private final ChainHeads heads;

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    /** The position and the hash of its block ({@code ""} until known). */
    private volatile EventCheckpoint position;

    private volatile Thread pollingThread;
    private ScheduledExecutorService executor;

    /** The next periodic poll; replaced by each poll, so one chain of polls runs. Polling thread only. */
    private ScheduledFuture<?> nextPoll;

    /** A poll asked for by {@link #wake()} is queued and has not started. */
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    /** The first block not yet fully read. Only touched by the polling thread. */
    private long nextBlock;

    private int failures;

    /** Hash of each recently read block (the last block of each range read), by number. Polling thread only. */
    private final NavigableMap<Long, String> readBlocks = new TreeMap<>();

    LogStream(
            String name,
            Web3j web3j,
            String contract,
            String topic,
            Function<Log, T> decoder,
            EventCheckpoint after,
            ChainEventListener<T> listener,
            EventPolling polling) {
        this(name, web3j, contract, topic, decoder, after, listener, polling, null);
    }

    LogStream(
            String name,
            Web3j web3j,
            String contract,
            String topic,
            Function<Log, T> decoder,
            EventCheckpoint after,
            ChainEventListener<T> listener,
            EventPolling polling,
            ChainHeads heads) {
        this.heads = heads;
        this.name = name;
        this.web3j = web3j;
        this.contract = contract;
        this.topic = topic;
        this.probe = new LogsBloom.Probe(contract, topic);
        this.decoder = decoder;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.polling = polling;
        this.position = Objects.requireNonNull(after, "after");
        EventCursor cursor = after.cursor();
        this.nextBlock = cursor.logIndex() == Long.MAX_VALUE ? cursor.blockNumber() + 1 : cursor.blockNumber();
    }

    @Override
    public void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException(name + " stream was already started");
        }
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "chain-events-" + name);
            thread.setDaemon(true);
            return thread;
        });
        // Closing waits for a poll under way, not for the next one scheduled (up to an interval).
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor = pool;
        log.debug("{} stream starts after {}", name, position.cursor());
        executor.execute(() -> poll(false));
    }

    @Override
    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /**
     * Polls now rather than at the next interval (a new block arrived): at most one such poll is
     * queued at a time, and the periodic poll is rescheduled from it.
     */
    void wake() {
        if (state.get() != State.RUNNING || !wakeQueued.compareAndSet(false, true)) return;
        try {
            executor.execute(() -> poll(true));
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: nothing to read.
        }
    }

    @Override
    public EventCursor position() {
        return position.cursor();
    }

    @Override
    public EventCheckpoint checkpoint() {
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
        log.debug("{} stream stopped at {}", name, position.cursor());
    }

    /** @param woken a new head asked for this poll: the hashes {@link #heads} knows are taken from it */
    private void poll(boolean woken) {
        wakeQueued.set(false);
        if (state.get() != State.RUNNING) return;
        pollingThread = Thread.currentThread();
        Duration next;
        try {
            readNewEvents(woken && heads != null ? heads : null);
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
            if (nextPoll != null) nextPoll.cancel(false);
            nextPoll = executor.schedule(() -> poll(false), next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed between the check and the schedule: nothing left to do.
        }
    }

    /**
     * @param known the head watcher whose hashes stand for the node's, or null to ask the node for
     *     each. A known hash is one a head told (the node had that block then): when the chain
     *     changes after it, the node tells a new head, which wakes the next poll to rewind.
     */
    private void readNewEvents(ChainHeads known) throws Exception {
        rewindIfForked(known);
        long latest = known == null ? -1 : known.latestNumber();
        if (latest < 0) latest = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        long head = latest - polling.confirmations();
        while (nextBlock <= head && state.get() == State.RUNNING) {
            long to = Math.min(nextBlock + polling.maxBlockRange() - 1, head);
            Optional<String> knownHash = known == null ? Optional.empty() : known.knownHash(to);
            // Read before and after the logs: equal, the logs are of the branch whose hash is remembered.
            Optional<String> toHash = knownHash.isPresent() ? knownHash : blockHash(to);
            if (toHash.isEmpty()) return; // the head went back meanwhile: the next poll looks again
            if (knownHash.isPresent() && known.rulesOut(nextBlock, to, knownHash.get(), probe)) {
                // The heads' logs filters show none of this event in these blocks: nothing to ask for.
                remember(to, knownHash.get());
                nextBlock = to + 1;
                continue;
            }
            EthFilter filter = new EthFilter(
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(nextBlock)),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
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
            if (knownHash.isPresent() ? !logsOfKnownBranch(logs, known) : !toHash.equals(blockHash(to))) {
                throw new ChainException("block " + to + " changed while its logs were read (a reorganisation)");
            }
            for (Log entry : logs) {
                if (state.get() != State.RUNNING) return;
                deliver(entry);
            }
            remember(to, toHash.get());
            nextBlock = to + 1;
        }
    }

    /**
     * Rewinds to the fork point when the last block read is no longer in the chain: the stream
     * then reads (and delivers) the re-mined blocks again.
     */
    private void rewindIfForked(ChainHeads known) throws Exception {
        if (readBlocks.isEmpty()) {
            checkStartingPoint();
            return;
        }
        Map.Entry<Long, String> last = readBlocks.lastEntry();
        Optional<String> lastNow = known == null ? Optional.empty() : known.knownHash(last.getKey());
        if (lastNow.isEmpty()) lastNow = blockHash(last.getKey());
        if (lastNow.filter(last.getValue()::equals).isPresent()) return;
        long fork = -1;
        for (Map.Entry<Long, String> read : readBlocks.descendingMap().entrySet()) {
            if (blockHash(read.getKey()).filter(read.getValue()::equals).isPresent()) {
                fork = read.getKey();
                break;
            }
        }
        long resumeAfter;
        String resumeHash = "";
        if (fork >= 0) {
            resumeHash = readBlocks.get(fork);
            resumeAfter = fork;
            log.warn(
                    "{} stream: the chain's history changed after block {} (block {} is gone); reading again from block {}",
                    name,
                    fork,
                    last.getKey(),
                    fork + 1);
        } else {
            resumeAfter = Math.max(0, readBlocks.firstKey() - 1);
            log.error(
                    "{} stream: the chain's history changed deeper than the {} blocks remembered; reading again from"
                            + " block {}: events of older reorganised blocks may be missed",
                    name,
                    REMEMBERED_BLOCKS,
                    resumeAfter + 1);
        }
        if (resumeHash.isEmpty()) resumeHash = blockHash(resumeAfter).orElse("");
        rewindTo(resumeAfter, resumeHash);
        readBlocks.tailMap(resumeAfter, false).clear();
    }

    /**
     * Checks the block the stream starts from: the saved checkpoint's block when its hash is known,
     * rewinding when the chain no longer has it; then remembers a block to come back to on a fork.
     */
    private void checkStartingPoint() throws Exception {
        EventCursor from = position.cursor();
        if (position.checked()) {
            Optional<String> now = blockHash(from.blockNumber());
            if (now.filter(position.blockHash()::equalsIgnoreCase).isEmpty()) {
                long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
                long resumeAfter = Math.max(0, Math.min(from.blockNumber(), head) - RESTART_REWIND_BLOCKS);
                log.warn(
                        "{} stream: block {} it stopped at is no longer in the chain (its history changed while"
                                + " stopped); reading again from block {}",
                        name,
                        from.blockNumber(),
                        resumeAfter + 1);
                Optional<String> resumeHash = blockHash(resumeAfter);
                rewindTo(resumeAfter, resumeHash.orElse(""));
                resumeHash.ifPresent(hash -> remember(resumeAfter, hash));
                return;
            }
        } else {
            // The hash of the position's block, so that what is saved from now on can be checked.
            blockHash(from.blockNumber()).ifPresent(hash -> position = new EventCheckpoint(from, hash));
        }
        // The block before the first one to read: a fork point to come back to.
        if (nextBlock > 0) blockHash(nextBlock - 1).ifPresent(hash -> remember(nextBlock - 1, hash));
    }

    /** Tells the listener (which may refuse: the stream then stays), then reads again after {@code block}. */
    private void rewindTo(long block, String hash) throws Exception {
        EventCursor forkPoint = EventCursor.endOf(block);
        listener.onRewind(forkPoint);
        nextBlock = block + 1;
        if (position.cursor().isAfter(forkPoint)) position = new EventCheckpoint(forkPoint, hash);
    }

    private void remember(long block, String hash) {
        readBlocks.put(block, hash);
        while (readBlocks.size() > REMEMBERED_BLOCKS) readBlocks.pollFirstEntry();
    }

    /**
     * Whether every log names the hash the head watcher knows for its block (a log of a block it
     * does not know is checked against the node).
     */
    private boolean logsOfKnownBranch(List<Log> logs, ChainHeads known) throws Exception {
        for (Log entry : logs) {
            long number = entry.getBlockNumber().longValueExact();
            Optional<String> hash = known.knownHash(number);
            if (hash.isEmpty()) hash = blockHash(number);
            if (!hash.filter(h -> h.equalsIgnoreCase(entry.getBlockHash())).isPresent()) return false;
        }
        return true;
    }

    /** The hash of the chain's block at {@code number}, empty when the chain is shorter. */
    private Optional<String> blockHash(long number) throws Exception {
        EthBlock response = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                .send();
        if (response.hasError()) {
            throw new ChainException("reading block " + number + " failed: "
                    + response.getError().getMessage());
        }
        return Optional.ofNullable(response.getBlock()).map(EthBlock.Block::getHash);
    }

    private void deliver(Log entry) throws ListenerFailedException {
        if (entry.isRemoved()) return;
        EventCursor cursor = new EventCursor(
                entry.getBlockNumber().longValueExact(), entry.getLogIndex().longValueExact());
        if (!cursor.isAfter(position.cursor())) return;
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
            position = new EventCheckpoint(cursor, entry.getBlockHash());
            return;
        }
        try {
            listener.onEvent(new ChainEvent<>(event, cursor, entry.getTransactionHash(), entry.getBlockHash()));
        } catch (Exception e) {
            throw new ListenerFailedException(cursor, entry.getTransactionHash(), e);
        }
        position = new EventCheckpoint(cursor, entry.getBlockHash());
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
