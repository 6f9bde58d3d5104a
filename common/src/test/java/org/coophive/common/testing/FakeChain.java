package org.coophive.common.testing;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainAddresses;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.ChainEventListener;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.chain.ContractRevertException;
import org.coophive.common.chain.DealStateChanged;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.EventCheckpoint;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.EventStream;
import org.coophive.common.chain.JobAdded;
import org.coophive.common.chain.MediationRequested;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.common.chain.OnChainJob;
import org.coophive.common.chain.OnChainJobStatus;
import org.coophive.common.chain.OnChainResult;
import org.coophive.common.chain.OnChainUser;
import org.coophive.common.chain.ResultAdded;
import org.coophive.common.chain.TransactionFailedException;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.chain.TxResult;
import org.coophive.common.chain.TxStatus;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.ServiceType;
import org.web3j.crypto.Keys;

/**
 * The CoopHive contracts in memory, one chain that every party's client shares: the deal state
 * machine with the rules of {@code CoopHiveStorage} (who may take which step in which state, the
 * four timeouts measured on the chain's clock), the escrow of {@code CoopHivePayments} (collateral
 * locked, paid out, refunded and slashed to the treasury, taken through ERC-20 allowances), the
 * mediator pick, the {@code CoopHiveUsers} directory and lists, and the on-chain job creator's jobs
 * and deposits. A refused call throws {@link ContractRevertException} with the contract's error
 * name, and changes nothing.
 *
 * <p>{@link #as(String)} gives the client of one account: what a service under test gets, as the
 * narrow role it depends on, while the test plays the other parties through their own accounts
 * ({@link #funded(String)}). Each account's client tells its {@link TransactionListener} of every
 * transaction once it is signed, as the real client does, and records what it sent, so a test can
 * assert that a step was sent exactly once.
 *
 * <p>Time is a {@link MutableClock} the test moves; a block is mined per transaction, at the
 * clock's time. Events go to {@link #events()} streams as the node's would: in chain order, each
 * with its cursor, delivered on the thread that mined the transaction once the chain's lock is
 * released; a listener that throws gets the same event again at the next delivery.
 *
 * <p>Failure switches: {@link #down(boolean)} (the node unreachable), {@link Account#nextSend} /
 * {@link Account#failNext} (the next transaction is unreachable, never mined, or the process
 * "crashes" around sending it), {@link Account#revertNext} (a refusal with a named reason), and
 * {@link #raceNext} (another party's transaction is mined first).
 *
 * <p>Simplifications: transactions cost no gas, the mediator pick is deterministic (or chosen by
 * {@link #pickMediator}), and a contract accepts ether.
 */
public final class FakeChain {

    /** Where the chain's clock starts by default. */
    public static final Instant GENESIS_TIME = Instant.parse("2026-11-24T12:00:00Z");

    /** What {@link #funded(String)} gives an account: a million tokens and a million ether. */
    public static final BigInteger PLENTY = BigInteger.TEN.pow(24);

    /** An allowance that is never used up (OpenZeppelin's ERC-20 does not decrease it). */
    public static final BigInteger UNLIMITED = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    /** The treasury that slashed collateral goes to. */
    public static final String TREASURY = checksum("0x00000000000000000000000000000000000000f0");

    private static final BigInteger GAS = BigInteger.valueOf(21_000);

    /** How the next transaction of an account fails. */
    public enum Failure {
        /** The node cannot be reached: nothing is signed, the caller gets {@link ChainUnavailableException}. */
        UNREACHABLE,
        /**
         * Signed (the listener hears it) and accepted by the node, but never mined: it stays pending
         * until {@link #mine(String)} or {@link #drop(String)}, and the caller gets a
         * {@link ChainUnavailableException} carrying its hash.
         */
        NEVER_MINED,
        /** Signed, then the process dies before the node got it: {@link SimulatedCrash}, the node never knew it. */
        CRASH_BEFORE_DELIVERY,
        /** Signed and accepted by the node (pending), then the process dies: {@link SimulatedCrash}. */
        CRASH_PENDING,
        /** Signed and mined, then the process dies before it heard back: {@link SimulatedCrash}. */
        CRASH_AFTER_MINING,
        /**
         * Signed and accepted by the node, and slow to be mined: the caller waits for its receipt (as
         * a sender waits on a busy chain) until the test mines it ({@link #mine(String)}; a mined
         * revert is thrown then) or drops it ({@link #drop(String)}: {@link ChainUnavailableException}).
         */
        SLOW_RECEIPT
    }

    /**
     * A transaction an account sent (it reached the node: mined, reverted when mined, or pending).
     *
     * @param from the sending account
     * @param function the contract function, e.g. {@code agree}
     * @param dealId the deal it concerns, or {@code null}
     * @param jobId the on-chain job it concerns, or {@code null}
     * @param txHash its hash
     */
    public record Sent(String from, String function, Bytes32 dealId, BigInteger jobId, String txHash) {

        /** The function, with the on-chain job after a colon when there is one ({@code submitResults:7}). */
        public String label() {
            return jobId == null ? function : function + ":" + jobId;
        }
    }

    /** The process "died" in the middle of a send: nothing after this point of its code ran. */
    public static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String function, String txHash) {
            super("crashed while sending " + function + " " + txHash + " (simulated)");
        }
    }

    private final MutableClock clock;
    private final ChainAddresses addresses;
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, TxStatus> transactions = new HashMap<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    /** Receipts (a {@link TxResult} or the exception to throw) for callers waiting on a {@link Failure#SLOW_RECEIPT}. */
    private final Map<String, Object> receipts = new HashMap<>();

    private final Set<String> awaited = new HashSet<>();
    /** Transactions the node dropped ({@link #drop}), by hash: their kept bytes may bring them back. */
    private final Map<String, Pending> dropped = new HashMap<>();
    /** The versions of one transaction (a first one and its replacements), by hash: they share a nonce. */
    private final Map<String, List<String>> versions = new HashMap<>();
    /** Awaited transactions the test asked to be replaced ({@link #replace}), done by their waiting thread. */
    private final Set<String> toReplace = new HashSet<>();
    /** Pending transactions the node keeps but will not mine at their fee ({@link #underprice}), as geth does. */
    private final Set<String> underpriced = new HashSet<>();

    private final List<Sent> sent = new ArrayList<>();
    private final List<Logged> log = new ArrayList<>();
    private final List<Stream<?>> streams = new CopyOnWriteArrayList<>();
    private final Map<String, Runnable> races = new HashMap<>();
    private final Set<String> code = new HashSet<>();
    private final Set<String> funded = new HashSet<>();
    private State state = new State();
    private List<Object> emitted = new ArrayList<>();
    private long block = 1;
    private long hashes;
    private boolean down;
    private String jobsController;
    private int confirmations;

    /** A chain whose clock starts at {@link #GENESIS_TIME}. */
    public FakeChain() {
        this(new MutableClock(GENESIS_TIME));
    }

    /** A chain whose block times are read from {@code clock}. */
    public FakeChain(MutableClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.addresses = new ChainAddresses(
                contract(0xc0),
                contract(0xc1),
                contract(0xc2),
                contract(0xc3),
                contract(0xc4),
                contract(0xc5),
                contract(0xc6));
        code.addAll(List.of(
                addresses.controller(),
                addresses.storage(),
                addresses.payments(),
                addresses.users(),
                addresses.mediation(),
                addresses.jobCreator(),
                addresses.token()));
    }

    // ================================================================== accounts

    /** The client of {@code address}: the same object for the same account. */
    public synchronized Account as(String address) {
        return accounts.computeIfAbsent(checksum(address), Account::new);
    }

    /**
     * The client of {@code address} with {@link #PLENTY} of tokens and ether and an unlimited
     * allowance for the escrow, given outside any transaction (as if long ago) and only the first
     * time: for the parties a test plays by hand.
     */
    public synchronized Account funded(String address) {
        Account account = as(address);
        if (!funded.add(account.address)) return account;
        mint(account.address, PLENTY);
        state.ether.merge(account.address, PLENTY, BigInteger::add);
        state.allowances.put(allowanceKey(account.address, addresses.payments()), UNLIMITED);
        return account;
    }

    /** Gives an account tokens (outside any transaction). */
    public synchronized void mint(String address, BigInteger amount) {
        state.tokens.merge(checksum(address), amount, BigInteger::add);
    }

    /** Makes {@code address} the controller of the on-chain job creator (the job creator service's key). */
    public synchronized void controlJobs(String address) {
        jobsController = checksum(address);
    }

    /** The mediator the next mediation request picks; it must be one of the deal's mediators. */
    public synchronized void pickMediator(String mediator) {
        state.nextMediator = checksum(mediator);
    }

    /** Deploys code at an address, so that {@link Account#hasCode} says it is a contract. */
    public synchronized void deployCode(String address) {
        code.add(checksum(address));
    }

    // ================================================================== time and blocks

    public MutableClock clock() {
        return clock;
    }

    /** Sets {@code WEB3_CONFIRMATIONS} as every account's client reports it. */
    public synchronized void confirmations(int blocks) {
        confirmations = blocks;
    }

    /** Mines {@code blocks} empty blocks. */
    public synchronized void mineEmptyBlocks(int blocks) {
        block += blocks;
    }

    /** The chain as it stands: {@link #rollBack} returns to it. */
    public record Snapshot(Object state, long block, Map<String, TxStatus> transactions, int logged) {}

    /** Takes a snapshot of the chain's state, transactions and events. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(state.copy(), block, new HashMap<>(transactions), log.size());
    }

    /**
     * Rolls the chain back to a snapshot behind the services' backs, as a reorganisation does:
     * the state, the block number and the events return to it, and the transactions mined since are
     * gone (unknown to the node; it does not deliver them again). Running streams that read past the
     * snapshot's block rewind to it as the real ones do: their listener hears
     * {@link ChainEventListener#onRewind} (again at the next delivery while it throws), then gets
     * the events after it.
     */
    public void rollBack(Snapshot snapshot) {
        synchronized (this) {
            state = ((State) snapshot.state()).copy();
            block = snapshot.block();
            transactions.clear();
            transactions.putAll(snapshot.transactions());
            pending.clear();
            while (log.size() > snapshot.logged()) log.remove(log.size() - 1);
            for (Stream<?> stream : streams) stream.rewindAfter(EventCursor.endOf(snapshot.block()));
        }
        deliverEvents();
    }

    /** Moves the chain's clock (the next block's timestamp) forward. */
    public void advance(long seconds) {
        clock.advance(java.time.Duration.ofSeconds(seconds));
    }

    // ================================================================== failure switches

    /** Makes the node unreachable (every read and send throws {@link ChainUnavailableException}) or reachable again. */
    public synchronized void down(boolean down) {
        this.down = down;
    }

    /**
     * The next {@code function} that {@code from} sends loses a race: it passes the simulation, is
     * signed and reaches the node, but {@code othersMove} (another party's transaction, sent through
     * its own {@link Account}) is mined first, and ours is mined after it and reverts against the
     * state it left.
     */
    public synchronized void raceNext(String from, String function, Runnable othersMove) {
        races.put(checksum(from) + " " + function, othersMove);
    }

    /** Mines a transaction left pending ({@link Failure#NEVER_MINED}, {@link Failure#CRASH_PENDING}). */
    public void mine(String txHash) {
        try {
            synchronized (this) {
                Pending tx = pending.remove(txHash);
                if (tx == null) throw new IllegalArgumentException("no pending transaction " + txHash);
                underpriced.removeAll(versionsOf(txHash));
                // Its other versions share its nonce: they can never be mined now.
                for (String other : versionsOf(txHash)) {
                    if (other.equals(txHash)) continue;
                    pending.remove(other);
                    dropped.remove(other);
                    transactions.remove(other);
                }
                Object receipt;
                try {
                    receipt = mineLocked(tx.from, tx.function, txHash, tx.effect);
                } catch (ContractRevertException reverted) {
                    // the transaction is recorded as failed; mining it was what the test asked for
                    receipt = reverted;
                }
                if (awaited.remove(txHash)) {
                    receipts.put(txHash, receipt);
                    notifyAll();
                }
            }
        } finally {
            deliverEvents();
        }
    }

    /**
     * Has the sender replace an awaited transaction ({@link Failure#SLOW_RECEIPT}) with a higher fee,
     * as the real client does when its transaction is dropped or underpriced: on the thread waiting
     * for it, the listener hears {@link TransactionListener#replaced} and the replacement reaches the
     * node. Both versions stay pending (another node may still have the first); mining either one
     * makes the other impossible, and the wait returns the receipt of whichever is mined. Returns the
     * replacement's hash once the waiting thread sent it.
     */
    public synchronized String replace(String txHash) {
        if (!awaited.contains(txHash)) throw new IllegalArgumentException("no awaited transaction " + txHash);
        toReplace.add(txHash);
        notifyAll();
        while (toReplace.contains(txHash)) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the replacement of " + txHash, e);
            }
        }
        List<String> all = versionsOf(txHash);
        return all.get(all.size() - 1);
    }

    /**
     * Keeps a pending transaction in the pool without mining it, as geth keeps one whose fee cap
     * fell below the base fee: after a restart of its sender, a journal's lookup with the step
     * ({@link Account#transactionStatus(String, String, String, Bytes32)}) replaces it with the
     * same nonce and a higher fee, as the real client does; the listener hears {@link
     * TransactionListener#replaced}, and the replacement is pending (mine it with {@link #mine}).
     */
    public synchronized void underprice(String txHash) {
        if (!pending.containsKey(txHash)) throw new IllegalArgumentException("no pending transaction " + txHash);
        underpriced.add(txHash);
    }

    /** The versions of a transaction sent so far (a first one and its replacements), oldest first. */
    public synchronized List<String> versions(String txHash) {
        return List.copyOf(versionsOf(txHash));
    }

    /** The signed bytes the listener heard for a transaction of this chain (fake, but one per hash). */
    public static String signedBytesOf(String txHash) {
        return "0x02f8" + txHash.substring(2);
    }

    private List<String> versionsOf(String txHash) {
        return versions.getOrDefault(txHash, List.of(txHash));
    }

    /** Mines every pending transaction, oldest first. */
    public void minePending() {
        List<String> hashes;
        synchronized (this) {
            hashes = List.copyOf(pending.keySet());
        }
        hashes.forEach(this::mine);
    }

    /**
     * Forgets a pending transaction, as a node that dropped it: it is never mined unless its signed
     * bytes are delivered again ({@link Account#transactionStatus(String, String)} with the bytes
     * the listener heard), while no other version of it was mined.
     */
    public synchronized void drop(String txHash) {
        Pending gone = pending.remove(txHash);
        if (gone == null) throw new IllegalArgumentException("no pending transaction " + txHash);
        dropped.put(txHash, gone);
        transactions.remove(txHash);
        if (awaited.remove(txHash)) {
            receipts.put(
                    txHash,
                    new ChainUnavailableException("no receipt for " + txHash + ": dropped (fake)", null, txHash));
            notifyAll();
        }
    }

    /** The hashes of the transactions sent and not mined yet ({@link Failure#NEVER_MINED}, {@link Failure#SLOW_RECEIPT}, ...). */
    public synchronized List<String> pending() {
        return List.copyOf(pending.keySet());
    }

    // ================================================================== assertions

    /** Every transaction that reached the node, from every account, in order. */
    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Where a deal stands; empty while nobody agreed to it. */
    public synchronized Optional<AgreementState> state(Bytes32 dealKey) {
        Deal deal = state.deals.get(dealKey);
        return deal == null ? Optional.empty() : Optional.of(deal.state);
    }

    /** Where the deal with these terms stands; empty while nobody agreed to it. */
    public Optional<AgreementState> state(DealTerms terms) {
        return state(terms.key());
    }

    /** The token balance of an account (wei). */
    public synchronized BigInteger tokensOf(String address) {
        return state.tokens.getOrDefault(checksum(address), BigInteger.ZERO);
    }

    /** What the escrow holds for a deal (wei). */
    public synchronized BigInteger escrowOf(DealTerms terms) {
        return state.escrow.getOrDefault(terms.key(), BigInteger.ZERO);
    }

    // ================================================================== driving deals by hand

    /**
     * Takes a deal through the contracts' steps up to {@code target}, each party sending its own
     * transactions ({@link #funded} accounts), the clock moved past a timeout where the target is
     * one. Results, when the path has them, are posted with {@code dataId} and 1 instruction.
     */
    public void drive(DealTerms terms, AgreementState target, Bytes32 dataId) {
        Account rp = funded(terms.resourceProvider());
        Account jc = funded(terms.jobCreator());
        if (target == AgreementState.TIMEOUT_AGREE) {
            rp.agree(terms);
            advance(terms.agreeTimeoutSeconds() + 1);
            rp.timeoutAgree(terms);
            return;
        }
        rp.agree(terms);
        jc.agree(terms);
        if (target == AgreementState.DEAL_AGREED) return;
        if (target == AgreementState.TIMEOUT_SUBMIT_RESULTS) {
            advance(terms.submitResultsTimeoutSeconds() + 1);
            jc.timeoutSubmitResults(terms);
            return;
        }
        rp.addResult(terms, dataId, dataId, BigInteger.ONE);
        switch (target) {
            case RESULTS_SUBMITTED -> {}
            case RESULTS_ACCEPTED -> jc.acceptResult(terms);
            case TIMEOUT_JUDGE_RESULTS -> {
                advance(terms.judgeResultsTimeoutSeconds() + 1);
                rp.timeoutJudgeResults(terms);
            }
            case RESULTS_CHECKED, MEDIATION_ACCEPTED, MEDIATION_REJECTED, TIMEOUT_MEDIATE_RESULTS -> {
                jc.checkResult(terms);
                Account mediator = as(getMediator(terms.key()).orElseThrow());
                if (target == AgreementState.MEDIATION_ACCEPTED) mediator.mediationAcceptResult(terms);
                if (target == AgreementState.MEDIATION_REJECTED) mediator.mediationRejectResult(terms);
                if (target == AgreementState.TIMEOUT_MEDIATE_RESULTS) {
                    advance(terms.mediateResultsTimeoutSeconds() + 1);
                    jc.timeoutMediateResults(terms);
                }
            }
            default -> throw new IllegalArgumentException("cannot drive a deal to " + target);
        }
    }

    /**
     * A job as if a contract had asked for it ({@code runJob}) under this id, its deposit held by
     * the on-chain job creator; {@code JobAdded} is emitted.
     */
    public void addJob(OnChainJob job) {
        try {
            synchronized (this) {
                state.jobs.put(job.id(), job);
                state.tokens.merge(addresses.jobCreator(), job.deposit(), BigInteger::add);
                block++;
                emitted.add(new JobAdded(job.id(), job.callingContract(), job.payee(), job.module(), job.inputs()));
                record(String.format("0x%064x", ++hashes));
            }
        } finally {
            deliverEvents();
        }
    }

    /**
     * A contract (or any account) asks for a job, paying the required deposit through its
     * allowance for the on-chain job creator, as {@code runJob} does. Returns the job's id.
     */
    public BigInteger runJob(String caller, String module, List<String> inputs, String payee) {
        BigInteger[] id = new BigInteger[1];
        as(caller).send("runJob", null, null, () -> {
            if (module.isEmpty()) throw revert("runJob", "MissingModule");
            id[0] = state.nextJobId;
            state.nextJobId = state.nextJobId.add(BigInteger.ONE);
            BigInteger deposit = state.requiredDeposit;
            String from = checksum(caller);
            state.jobs.put(
                    id[0], new OnChainJob(id[0], from, payee, deposit, OnChainJobStatus.PENDING, module, inputs));
            if (deposit.signum() != 0)
                transferFrom("runJob", addresses.jobCreator(), from, addresses.jobCreator(), deposit);
            emitted.add(new JobAdded(id[0], from, payee, module, inputs));
        });
        return id[0];
    }

    // ================================================================== events

    /** The contracts' event streams, as {@code Web3ChainClient.events()} gives them. */
    public ChainEvents events() {
        return new ChainEvents() {
            @Override
            public EventStream dealStateChanges(EventCursor after, ChainEventListener<DealStateChanged> listener) {
                return new Stream<>(DealStateChanged.class, after, listener);
            }

            @Override
            public EventStream mediationRequests(EventCursor after, ChainEventListener<MediationRequested> listener) {
                return new Stream<>(MediationRequested.class, after, listener);
            }

            @Override
            public EventStream resultsAdded(EventCursor after, ChainEventListener<ResultAdded> listener) {
                return new Stream<>(ResultAdded.class, after, listener);
            }

            @Override
            public EventStream jobsAdded(EventCursor after, ChainEventListener<JobAdded> listener) {
                return new Stream<>(JobAdded.class, after, listener);
            }

            @Override
            public EventCursor latest() {
                synchronized (FakeChain.this) {
                    return EventCursor.endOf(block);
                }
            }
        };
    }

    /**
     * Hands every running stream the events it has not handled yet (again the one its listener
     * threw on). Done after every mined transaction; a test calls it to retry a failed delivery.
     */
    public void deliverEvents() {
        if (Thread.holdsLock(this)) return; // the outermost send delivers, once its lock is released
        for (Stream<?> stream : streams) stream.deliver();
    }

    private record Logged(Object event, EventCursor cursor, String txHash) {}

    private final class Stream<T> implements EventStream {
        private final Class<T> type;
        private final ChainEventListener<T> listener;
        private volatile EventCursor position;
        private volatile boolean running;
        private boolean delivering;
        /** Where to rewind to before the next delivery (the listener told first), or null. */
        private volatile EventCursor rewind;

        Stream(Class<T> type, EventCursor after, ChainEventListener<T> listener) {
            this.type = type;
            this.position = after;
            this.listener = listener;
        }

        @Override
        public void start() {
            running = true;
            streams.add(this);
            deliver();
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public EventCursor position() {
            return position;
        }

        @Override
        public EventCheckpoint checkpoint() {
            return new EventCheckpoint(position, String.format("0x%064x", position.blockNumber()));
        }

        @Override
        public synchronized void close() {
            running = false;
            streams.remove(this);
        }

        void rewindAfter(EventCursor forkPoint) {
            if (position.isAfter(forkPoint) && (rewind == null || rewind.isAfter(forkPoint))) rewind = forkPoint;
        }

        /**
         * One event at a time, in order. A listener that sends a transaction itself does not get
         * the new events nested inside its own call: this loop hands them over once it returns.
         */
        synchronized void deliver() {
            if (delivering) return;
            delivering = true;
            try {
                EventCursor forkPoint = rewind;
                if (forkPoint != null) {
                    try {
                        listener.onRewind(forkPoint);
                    } catch (Exception e) {
                        return; // as the real stream: it stays, and tells the listener again next time
                    }
                    if (position.isAfter(forkPoint)) position = forkPoint;
                    rewind = null;
                }
                while (running) {
                    Optional<Logged> next;
                    synchronized (FakeChain.this) {
                        next = log.stream()
                                .filter(l ->
                                        type.isInstance(l.event()) && l.cursor().isAfter(position))
                                .findFirst();
                    }
                    if (next.isEmpty()) return;
                    Logged logged = next.get();
                    try {
                        listener.onEvent(new ChainEvent<>(
                                type.cast(logged.event()),
                                logged.cursor(),
                                logged.txHash(),
                                String.format("0x%064x", logged.cursor().blockNumber())));
                    } catch (Exception e) {
                        return; // as the real stream: the same event again next time, nothing after it
                    }
                    position = logged.cursor();
                }
            } finally {
                delivering = false;
            }
        }
    }

    // ================================================================== one account's client

    /** The client of one account: every role of {@link ChainClient}, plus what a test asserts on. */
    public final class Account implements ChainClient {

        private final String address;
        private TransactionListener listener = TransactionListener.NONE;
        private final Map<String, Failure> failures = new HashMap<>();
        private final Map<String, String> reverts = new HashMap<>();

        private Account(String address) {
            this.address = address;
        }

        // -------------------------------------------------------------- switches and assertions

        /** Who hears of each transaction once it is signed, before it reaches the node. */
        public void listener(TransactionListener listener) {
            synchronized (FakeChain.this) {
                this.listener = Objects.requireNonNull(listener, "listener");
            }
        }

        /** The next transaction this account sends, whatever its function, fails this way. */
        public void nextSend(Failure failure) {
            failNext("*", failure);
        }

        /** The next {@code function} this account sends fails this way. */
        public void failNext(String function, Failure failure) {
            synchronized (FakeChain.this) {
                failures.put(function, failure);
            }
        }

        /** The next {@code function} this account sends is refused with {@code errorName}; nothing is sent. */
        public void revertNext(String function, String errorName) {
            synchronized (FakeChain.this) {
                reverts.put(function, errorName);
            }
        }

        /** The transactions this account sent, in order. */
        public List<Sent> sent() {
            synchronized (FakeChain.this) {
                return sent.stream().filter(s -> s.from().equals(address)).toList();
            }
        }

        /** The {@code function} transactions this account sent, in order. */
        public List<Sent> sent(String function) {
            return sent().stream().filter(s -> s.function().equals(function)).toList();
        }

        /** How many {@code function} transactions this account sent. */
        public long count(String function) {
            return sent(function).size();
        }

        /** The {@link Sent#label()}s of the transactions this account sent, in order. */
        public List<String> calls() {
            return sent().stream().map(Sent::label).toList();
        }

        // -------------------------------------------------------------- head

        @Override
        public String address() {
            return address;
        }

        @Override
        public ChainAddresses addresses() {
            return addresses;
        }

        @Override
        public long blockNumber() {
            return read(() -> block);
        }

        @Override
        public int confirmations() {
            synchronized (FakeChain.this) {
                return confirmations;
            }
        }

        @Override
        public Instant latestBlockTime() {
            return read(() -> now());
        }

        @Override
        public TxStatus transactionStatus(String txHash) {
            return read(() -> transactions.getOrDefault(txHash, TxStatus.UNKNOWN));
        }

        /**
         * As the real client: a transaction the node dropped whose bytes are given is delivered again
         * unchanged (pending again) while no other version of it was mined.
         */
        @Override
        public TxStatus transactionStatus(String txHash, String signedTransaction) {
            return read(() -> {
                TxStatus status = transactions.getOrDefault(txHash, TxStatus.UNKNOWN);
                if (status != TxStatus.UNKNOWN || signedTransaction == null || signedTransaction.isEmpty()) {
                    return status;
                }
                if (!signedTransaction.equals(signedBytesOf(txHash))) {
                    throw new IllegalArgumentException(
                            "the signed transaction kept for " + txHash + " has another hash");
                }
                Pending lost = dropped.remove(txHash);
                if (lost == null) return TxStatus.UNKNOWN;
                pending.put(txHash, lost);
                transactions.put(txHash, TxStatus.PENDING);
                return TxStatus.PENDING;
            });
        }

        /**
         * As the real client: a pending transaction the pool keeps underpriced ({@link #underprice})
         * is replaced (same nonce, a higher fee) when a journal looks it up with its step, the
         * listener hearing the replacement first; the answer is about {@code txHash}.
         */
        @Override
        public TxStatus transactionStatus(String txHash, String signedTransaction, String function, Bytes32 dealId) {
            TxStatus status = transactionStatus(txHash, signedTransaction);
            if (status != TxStatus.PENDING || function == null) return status;
            synchronized (FakeChain.this) {
                if (underpriced.remove(txHash)) replaceKeptLocked(txHash, function, dealId);
            }
            return status;
        }

        // -------------------------------------------------------------- deal steps

        @Override
        public TxResult agree(DealTerms terms) {
            return send("agree", terms.dealId(), null, () -> {
                Deal deal = state.deals.get(terms.key());
                if (deal == null) {
                    validate(terms);
                    deal = new Deal(terms);
                    deal.createdAt = now();
                    state.deals.put(terms.key(), deal);
                } else {
                    requireState("agree", deal, AgreementState.DEAL_NEGOTIATING);
                    if (!deal.terms.equals(terms))
                        throw revert(
                                "agree", "DealTermsMismatch", terms.dealId().hex());
                }
                if (address.equals(terms.resourceProvider())) {
                    if (deal.rpAgreed)
                        throw revert("agree", "AlreadyAgreed", terms.dealId().hex(), address);
                    deal.rpAgreed = true;
                    settle("agree", terms, address, terms.submitResultsCollateral(), BigInteger.ZERO);
                } else if (address.equals(terms.jobCreator())) {
                    if (deal.jcAgreed)
                        throw revert("agree", "AlreadyAgreed", terms.dealId().hex(), address);
                    deal.jcAgreed = true;
                    settle(
                            "agree",
                            terms,
                            address,
                            terms.paymentCollateral().add(terms.judgeResultsCollateral()),
                            BigInteger.ZERO);
                } else {
                    throw revert("agree", "NotDealParty", terms.dealId().hex(), address);
                }
                if (deal.rpAgreed && deal.jcAgreed) {
                    deal.agreedAt = now();
                    moveTo(deal, AgreementState.DEAL_AGREED);
                }
            });
        }

        @Override
        public TxResult addResult(DealTerms terms, Bytes32 resultsId, Bytes32 dataId, BigInteger instructionCount) {
            return send("addResult", terms.dealId(), null, () -> {
                Deal deal = existing("addResult", terms);
                requireState("addResult", deal, AgreementState.DEAL_AGREED);
                if (!address.equals(terms.resourceProvider())) {
                    throw revert(
                            "addResult", "NotResourceProvider", terms.dealId().hex(), address);
                }
                if (resultsId.isZero()) throw revert("addResult", "MissingResultsId");
                if (dataId.isZero()) throw revert("addResult", "MissingDataId");
                deal.instructionCount = instructionCount;
                deal.submittedAt = now();
                deal.dataId = dataId;
                moveTo(deal, AgreementState.RESULTS_SUBMITTED);
                emitted.add(new ResultAdded(terms.key(), resultsId, dataId, instructionCount));
                settle(
                        "addResult",
                        terms,
                        address,
                        terms.resultsCollateral(instructionCount),
                        terms.submitResultsCollateral());
            });
        }

        @Override
        public TxResult acceptResult(DealTerms terms) {
            return send("acceptResult", terms.dealId(), null, () -> {
                Deal deal = existing("acceptResult", terms);
                requireState("acceptResult", deal, AgreementState.RESULTS_SUBMITTED);
                requireJobCreator("acceptResult", terms);
                moveTo(deal, AgreementState.RESULTS_ACCEPTED);
                BigInteger count = deal.instructionCount;
                BigInteger pay = terms.jobCost(count).min(terms.paymentCollateral());
                payOut("acceptResult", terms, terms.resourceProvider(), pay.add(terms.resultsCollateral(count)));
                payOut(
                        "acceptResult",
                        terms,
                        terms.jobCreator(),
                        terms.paymentCollateral().subtract(pay).add(terms.judgeResultsCollateral()));
                requireSettled("acceptResult", terms);
            });
        }

        @Override
        public TxResult checkResult(DealTerms terms) {
            return send("checkResult", terms.dealId(), null, () -> {
                Deal deal = existing("checkResult", terms);
                requireState("checkResult", deal, AgreementState.RESULTS_SUBMITTED);
                requireJobCreator("checkResult", terms);
                deal.checkedAt = now();
                moveTo(deal, AgreementState.RESULTS_CHECKED);
                settle("checkResult", terms, address, terms.mediationFee(), terms.judgeResultsCollateral());
                if (state.mediators.containsKey(terms.key())) {
                    throw revert(
                            "checkResult",
                            "MediationAlreadyRequested",
                            terms.dealId().hex());
                }
                String mediator = pick(terms);
                state.mediators.put(terms.key(), mediator);
                emitted.add(new MediationRequested(terms.key(), terms.dealId(), mediator));
            });
        }

        @Override
        public TxResult mediationAcceptResult(DealTerms terms) {
            return send("mediationAcceptResult", terms.dealId(), null, () -> {
                requireMediator("mediationAcceptResult", terms);
                Deal deal = existing("mediationAcceptResult", terms);
                requireState("mediationAcceptResult", deal, AgreementState.RESULTS_CHECKED);
                moveTo(deal, AgreementState.MEDIATION_ACCEPTED);
                BigInteger count = deal.instructionCount;
                BigInteger pay = terms.jobCost(count).min(terms.paymentCollateral());
                String f = "mediationAcceptResult";
                payOut(f, terms, terms.resourceProvider(), pay.add(terms.resultsCollateral(count)));
                payOut(f, terms, address, terms.mediationFee());
                payOut(f, terms, terms.jobCreator(), terms.paymentCollateral().subtract(pay));
                requireSettled(f, terms);
            });
        }

        @Override
        public TxResult mediationRejectResult(DealTerms terms) {
            return send("mediationRejectResult", terms.dealId(), null, () -> {
                requireMediator("mediationRejectResult", terms);
                Deal deal = existing("mediationRejectResult", terms);
                requireState("mediationRejectResult", deal, AgreementState.RESULTS_CHECKED);
                moveTo(deal, AgreementState.MEDIATION_REJECTED);
                String f = "mediationRejectResult";
                payOut(f, terms, terms.jobCreator(), terms.paymentCollateral());
                payOut(f, terms, address, terms.mediationFee());
                payOut(f, terms, TREASURY, terms.resultsCollateral(deal.instructionCount));
                requireSettled(f, terms);
            });
        }

        @Override
        public TxResult timeoutAgree(DealTerms terms) {
            return send("timeoutAgree", terms.dealId(), null, () -> {
                Deal deal = existing("timeoutAgree", terms);
                requireState("timeoutAgree", deal, AgreementState.DEAL_NEGOTIATING);
                requireParty("timeoutAgree", terms);
                requireTimedOut("timeoutAgree", terms, deal.createdAt, terms.agreeTimeoutSeconds());
                moveTo(deal, AgreementState.TIMEOUT_AGREE);
                if (deal.rpAgreed) {
                    payOut("timeoutAgree", terms, terms.resourceProvider(), terms.submitResultsCollateral());
                } else {
                    payOut(
                            "timeoutAgree",
                            terms,
                            terms.jobCreator(),
                            terms.paymentCollateral().add(terms.judgeResultsCollateral()));
                }
                requireSettled("timeoutAgree", terms);
            });
        }

        @Override
        public TxResult timeoutSubmitResults(DealTerms terms) {
            return send("timeoutSubmitResults", terms.dealId(), null, () -> {
                String f = "timeoutSubmitResults";
                Deal deal = existing(f, terms);
                requireState(f, deal, AgreementState.DEAL_AGREED);
                requireJobCreator(f, terms);
                requireTimedOut(f, terms, deal.agreedAt, terms.submitResultsTimeoutSeconds());
                moveTo(deal, AgreementState.TIMEOUT_SUBMIT_RESULTS);
                payOut(f, terms, terms.jobCreator(), terms.paymentCollateral().add(terms.judgeResultsCollateral()));
                payOut(f, terms, TREASURY, terms.submitResultsCollateral());
                requireSettled(f, terms);
            });
        }

        @Override
        public TxResult timeoutJudgeResults(DealTerms terms) {
            return send("timeoutJudgeResults", terms.dealId(), null, () -> {
                String f = "timeoutJudgeResults";
                Deal deal = existing(f, terms);
                requireState(f, deal, AgreementState.RESULTS_SUBMITTED);
                if (!address.equals(terms.resourceProvider())) {
                    throw revert(f, "NotResourceProvider", terms.dealId().hex(), address);
                }
                requireTimedOut(f, terms, deal.submittedAt, terms.judgeResultsTimeoutSeconds());
                moveTo(deal, AgreementState.TIMEOUT_JUDGE_RESULTS);
                BigInteger count = deal.instructionCount;
                BigInteger pay = terms.jobCost(count).min(terms.paymentCollateral());
                payOut(f, terms, terms.resourceProvider(), pay.add(terms.resultsCollateral(count)));
                payOut(f, terms, terms.jobCreator(), terms.paymentCollateral().subtract(pay));
                payOut(f, terms, TREASURY, terms.judgeResultsCollateral());
                requireSettled(f, terms);
            });
        }

        @Override
        public TxResult timeoutMediateResults(DealTerms terms) {
            return send("timeoutMediateResults", terms.dealId(), null, () -> {
                String f = "timeoutMediateResults";
                Deal deal = existing(f, terms);
                requireState(f, deal, AgreementState.RESULTS_CHECKED);
                requireParty(f, terms);
                requireTimedOut(f, terms, deal.checkedAt, terms.mediateResultsTimeoutSeconds());
                moveTo(deal, AgreementState.TIMEOUT_MEDIATE_RESULTS);
                payOut(f, terms, terms.resourceProvider(), terms.resultsCollateral(deal.instructionCount));
                payOut(f, terms, terms.jobCreator(), terms.paymentCollateral().add(terms.mediationFee()));
                requireSettled(f, terms);
            });
        }

        private void requireJobCreator(String function, DealTerms terms) {
            if (!address.equals(terms.jobCreator())) {
                throw revert(function, "NotJobCreator", terms.dealId().hex(), address);
            }
        }

        private void requireParty(String function, DealTerms terms) {
            if (!address.equals(terms.resourceProvider()) && !address.equals(terms.jobCreator())) {
                throw revert(function, "NotDealParty", terms.dealId().hex(), address);
            }
        }

        private void requireMediator(String function, DealTerms terms) {
            if (!address.equals(state.mediators.get(terms.key()))) {
                throw revert(function, "NotDealMediator", terms.dealId().hex(), address);
            }
        }

        // -------------------------------------------------------------- deal reads

        @Override
        public OnChainAgreement getAgreement(Bytes32 dealKey) {
            synchronized (FakeChain.this) {
                requireUp();
                Deal d = state.deals.get(dealKey);
                if (d == null) {
                    return new OnChainAgreement(
                            AgreementState.DEAL_NEGOTIATING, false, false, null, null, null, null, BigInteger.ZERO);
                }
                return new OnChainAgreement(
                        d.state,
                        d.rpAgreed,
                        d.jcAgreed,
                        d.createdAt,
                        d.agreedAt,
                        d.submittedAt,
                        d.checkedAt,
                        d.instructionCount);
            }
        }

        @Override
        public Optional<OnChainResult> getResult(Bytes32 dealKey) {
            synchronized (FakeChain.this) {
                requireUp();
                Deal d = state.deals.get(dealKey);
                if (d == null || d.dataId == null) return Optional.empty();
                return Optional.of(new OnChainResult(dealKey, d.dataId, d.instructionCount));
            }
        }

        @Override
        public BigInteger escrowOf(Bytes32 dealKey) {
            return read(() -> state.escrow.getOrDefault(dealKey, BigInteger.ZERO));
        }

        @Override
        public Optional<String> getMediator(Bytes32 dealKey) {
            return FakeChain.this.getMediator(dealKey);
        }

        // -------------------------------------------------------------- users

        @Override
        public TxResult updateUser(String metadataCid, String url, List<ServiceType> roles) {
            return send("updateUser", null, null, () -> {
                if (roles.size() != new HashSet<>(roles).size()) {
                    throw revert(
                            "updateUser",
                            "DuplicateRole",
                            "" + firstDuplicate(roles).code());
                }
                for (ServiceType role : ServiceType.values()) {
                    if (!roles.contains(role)) state.list(role).remove(address);
                }
                state.users.put(address, new OnChainUser(address, metadataCid, url, roles));
            });
        }

        @Override
        public TxResult addUserToList(ServiceType role) {
            return send("addUserToList", null, null, () -> {
                OnChainUser user = state.users.get(address);
                if (user == null) throw revert("addUserToList", "UserNotFound", address);
                if (state.list(role).contains(address)) {
                    throw revert("addUserToList", "AlreadyListed", address, "" + role.code());
                }
                if (!user.roles().contains(role))
                    throw revert("addUserToList", "MissingRole", address, "" + role.code());
                state.list(role).add(address);
            });
        }

        @Override
        public TxResult removeUserFromList(ServiceType role) {
            return send("removeUserFromList", null, null, () -> {
                if (!state.users.containsKey(address)) throw revert("removeUserFromList", "UserNotFound", address);
                List<String> list = state.list(role);
                int index = list.indexOf(address);
                if (index < 0) throw revert("removeUserFromList", "NotListed", address, "" + role.code());
                // as the contract: the last entry takes the removed one's place
                String last = list.remove(list.size() - 1);
                if (index < list.size()) list.set(index, last);
            });
        }

        @Override
        public Optional<OnChainUser> getUser(String user) {
            return read(() -> Optional.ofNullable(state.users.get(checksum(user))));
        }

        @Override
        public List<String> showUsersInList(ServiceType role) {
            return read(() -> List.copyOf(state.list(role)));
        }

        // -------------------------------------------------------------- on-chain jobs

        @Override
        public TxResult setRequiredDeposit(BigInteger deposit) {
            return send("setRequiredDeposit", null, null, () -> {
                requireJobsController("setRequiredDeposit");
                if (deposit.signum() == 0) throw revert("setRequiredDeposit", "ZeroDeposit");
                state.requiredDeposit = deposit;
            });
        }

        @Override
        public BigInteger getRequiredDeposit() {
            return read(() -> state.requiredDeposit);
        }

        @Override
        public TxResult submitResults(BigInteger jobId, Bytes32 dealId, String dataId) {
            return send("submitResults", null, jobId, () -> {
                requireJobsController("submitResults");
                OnChainJob job = pendingJob("submitResults", jobId);
                state.jobs.put(jobId, withStatus(job, OnChainJobStatus.COMPLETED));
                transfer("submitResults", addresses.jobCreator(), address, job.deposit());
            });
        }

        @Override
        public TxResult refundJob(BigInteger jobId) {
            return send("refundJob", null, jobId, () -> {
                requireJobsController("refundJob");
                OnChainJob job = pendingJob("refundJob", jobId);
                state.jobs.put(jobId, withStatus(job, OnChainJobStatus.REFUNDED));
                transfer("refundJob", addresses.jobCreator(), job.payee(), job.deposit());
            });
        }

        @Override
        public Optional<OnChainJob> getJob(BigInteger jobId) {
            return read(() -> Optional.ofNullable(state.jobs.get(jobId)));
        }

        private void requireJobsController(String function) {
            if (!address.equals(jobsController)) throw revert(function, "NotController", address);
        }

        private OnChainJob pendingJob(String function, BigInteger jobId) {
            OnChainJob job = state.jobs.get(jobId);
            if (job == null) throw revert(function, "JobNotFound", jobId.toString());
            if (job.status() != OnChainJobStatus.PENDING) throw revert(function, "JobNotPending", jobId.toString());
            return job;
        }

        // -------------------------------------------------------------- tokens and ether

        @Override
        public TxResult approve(String spender, BigInteger amount) {
            return send(
                    "approve",
                    null,
                    null,
                    () -> state.allowances.put(allowanceKey(address, checksum(spender)), amount));
        }

        @Override
        public BigInteger allowance(String owner, String spender) {
            return read(() ->
                    state.allowances.getOrDefault(allowanceKey(checksum(owner), checksum(spender)), BigInteger.ZERO));
        }

        @Override
        public TxResult transferTokens(String to, BigInteger amount) {
            return send("transfer", null, null, () -> transfer("transfer", address, checksum(to), amount));
        }

        @Override
        public TxResult sendEther(String to, BigInteger amount) {
            return send("sendEther", null, null, () -> {
                BigInteger held = state.ether.getOrDefault(address, BigInteger.ZERO);
                if (held.compareTo(amount) < 0) {
                    throw new TransactionFailedException("sendEther", "insufficient funds (fake)", null);
                }
                state.ether.put(address, held.subtract(amount));
                state.ether.merge(checksum(to), amount, BigInteger::add);
            });
        }

        @Override
        public BigInteger tokenBalanceOf(String owner) {
            return read(() -> state.tokens.getOrDefault(checksum(owner), BigInteger.ZERO));
        }

        @Override
        public BigInteger etherBalanceOf(String owner) {
            return read(() -> state.ether.getOrDefault(checksum(owner), BigInteger.ZERO));
        }

        @Override
        public boolean hasCode(String target) {
            return read(() -> code.contains(checksum(target)));
        }

        @Override
        public void close() {}

        // -------------------------------------------------------------- sending

        /**
         * Simulates (a refusal sends nothing), signs and tells the listener, then hands the
         * transaction to the node, which mines it in a block of its own: the effect runs again
         * there, against the state of that moment, and a refusal then is a mined revert.
         */
        TxResult send(String function, Bytes32 dealId, BigInteger jobId, Runnable effect) {
            String slow;
            try {
                synchronized (FakeChain.this) {
                    return sendLocked(function, dealId, jobId, effect);
                }
            } catch (AwaitingReceipt awaiting) {
                slow = awaiting.hash;
            } finally {
                deliverEvents();
            }
            return awaitReceipt(function, slow);
        }

        /** Waits, outside the chain's lock, until the test mines or drops a {@link Failure#SLOW_RECEIPT}. */
        private TxResult awaitReceipt(String function, String hash) {
            synchronized (FakeChain.this) {
                while (versionsOf(hash).stream().noneMatch(receipts::containsKey)) {
                    List<String> all = versionsOf(hash);
                    String last = all.get(all.size() - 1);
                    if (toReplace.remove(last)) {
                        sendReplacementLocked(last);
                        FakeChain.this.notifyAll();
                        continue;
                    }
                    try {
                        FakeChain.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        versionsOf(hash).forEach(awaited::remove);
                        throw new ChainUnavailableException(
                                function + ": interrupted waiting for the receipt of " + last + " (fake)", e, last);
                    }
                }
                String got = versionsOf(hash).stream()
                        .filter(receipts::containsKey)
                        .findFirst()
                        .orElseThrow();
                versionsOf(hash).forEach(awaited::remove);
                Object receipt = receipts.remove(got);
                if (receipt instanceof RuntimeException e) throw e;
                return (TxResult) receipt;
            }
        }

        /** {@link #sendReplacementLocked} for a transaction no thread waits for, named by a journal. */
        private void replaceKeptLocked(String last, String function, Bytes32 dealId) {
            Pending first = pending.get(last);
            String hash = String.format("0x%064x", ++hashes);
            listener.replaced(function, dealId, last, hash, signedBytesOf(hash));
            List<String> all = new ArrayList<>(versionsOf(last));
            all.add(hash);
            for (String version : all) versions.put(version, all);
            sent.add(new Sent(address, first.function(), first.dealId(), first.jobId(), hash));
            transactions.put(hash, TxStatus.PENDING);
            pending.put(hash, first);
        }

        /** Signs {@code last} again with a higher fee (same nonce) and hands the replacement to the node. */
        private void sendReplacementLocked(String last) {
            Pending first = pending.get(last);
            if (first == null) return; // mined or dropped meanwhile
            String hash = String.format("0x%064x", ++hashes);
            listener.replaced(first.function(), first.dealId(), last, hash, signedBytesOf(hash));
            List<String> all = new ArrayList<>(versionsOf(last));
            all.add(hash);
            for (String version : all) versions.put(version, all);
            sent.add(new Sent(address, first.function(), first.dealId(), first.jobId(), hash));
            transactions.put(hash, TxStatus.PENDING);
            pending.put(hash, first);
            awaited.add(hash);
        }

        private TxResult sendLocked(String function, Bytes32 dealId, BigInteger jobId, Runnable effect) {
            requireUp();
            Failure failure = failures.remove(function);
            if (failure == null) failure = failures.remove("*");
            if (failure == Failure.UNREACHABLE) {
                throw new ChainUnavailableException(function + ": the node cannot be reached (fake)", null);
            }
            String refusal = reverts.remove(function);
            if (refusal != null) throw revert(function, refusal);
            simulate(effect);
            String hash = String.format("0x%064x", ++hashes);
            listener.signed(function, dealId, hash, signedBytesOf(hash));
            if (failure == Failure.CRASH_BEFORE_DELIVERY) throw new SimulatedCrash(function, hash);
            sent.add(new Sent(address, function, dealId, jobId, hash));
            Runnable othersMove = races.remove(address + " " + function);
            if (othersMove != null) othersMove.run();
            if (failure == Failure.SLOW_RECEIPT) {
                transactions.put(hash, TxStatus.PENDING);
                pending.put(hash, new Pending(address, function, dealId, jobId, effect));
                awaited.add(hash);
                throw new AwaitingReceipt(hash);
            }
            if (failure == Failure.NEVER_MINED || failure == Failure.CRASH_PENDING) {
                transactions.put(hash, TxStatus.PENDING);
                pending.put(hash, new Pending(address, function, dealId, jobId, effect));
                if (failure == Failure.CRASH_PENDING) throw new SimulatedCrash(function, hash);
                throw new ChainUnavailableException(function + ": no receipt for " + hash + " (fake)", null, hash);
            }
            TxResult mined = mineLocked(address, function, hash, effect);
            if (failure == Failure.CRASH_AFTER_MINING) throw new SimulatedCrash(function, hash);
            return mined;
        }
    }

    // ================================================================== internals

    private static final class Deal {
        final DealTerms terms;
        AgreementState state = AgreementState.DEAL_NEGOTIATING;
        boolean rpAgreed;
        boolean jcAgreed;
        Instant createdAt;
        Instant agreedAt;
        Instant submittedAt;
        Instant checkedAt;
        BigInteger instructionCount = BigInteger.ZERO;
        Bytes32 dataId;

        Deal(DealTerms terms) {
            this.terms = terms;
        }

        Deal copy() {
            Deal copy = new Deal(terms);
            copy.state = state;
            copy.rpAgreed = rpAgreed;
            copy.jcAgreed = jcAgreed;
            copy.createdAt = createdAt;
            copy.agreedAt = agreedAt;
            copy.submittedAt = submittedAt;
            copy.checkedAt = checkedAt;
            copy.instructionCount = instructionCount;
            copy.dataId = dataId;
            return copy;
        }
    }

    /** Everything a transaction can change; copied before each one so that a revert undoes it all. */
    private static final class State {
        final Map<Bytes32, Deal> deals = new HashMap<>();
        final Map<Bytes32, BigInteger> escrow = new HashMap<>();
        final Map<Bytes32, String> mediators = new HashMap<>();
        final Map<String, BigInteger> tokens = new HashMap<>();
        final Map<String, BigInteger> ether = new HashMap<>();
        final Map<String, BigInteger> allowances = new HashMap<>();
        final Map<String, OnChainUser> users = new HashMap<>();
        final Map<ServiceType, List<String>> lists = new HashMap<>();
        final Map<BigInteger, OnChainJob> jobs = new HashMap<>();
        BigInteger requiredDeposit = BigInteger.ZERO;
        BigInteger nextJobId = BigInteger.ZERO;
        /** Set by {@link FakeChain#pickMediator}; part of the state so that a simulation does not use it up. */
        String nextMediator;

        List<String> list(ServiceType role) {
            return lists.computeIfAbsent(role, r -> new ArrayList<>());
        }

        State copy() {
            State copy = new State();
            deals.forEach((key, deal) -> copy.deals.put(key, deal.copy()));
            copy.escrow.putAll(escrow);
            copy.mediators.putAll(mediators);
            copy.tokens.putAll(tokens);
            copy.ether.putAll(ether);
            copy.allowances.putAll(allowances);
            copy.users.putAll(users);
            lists.forEach((role, list) -> copy.lists.put(role, new ArrayList<>(list)));
            copy.jobs.putAll(jobs);
            copy.requiredDeposit = requiredDeposit;
            copy.nextJobId = nextJobId;
            copy.nextMediator = nextMediator;
            return copy;
        }
    }

    private record Pending(String from, String function, Bytes32 dealId, BigInteger jobId, Runnable effect) {}

    /** A send that is to wait for its receipt outside the chain's lock. */
    private static final class AwaitingReceipt extends RuntimeException {
        final String hash;

        AwaitingReceipt(String hash) {
            super(null, null, false, false);
            this.hash = hash;
        }
    }

    private void simulate(Runnable effect) {
        State before = state;
        List<Object> emittedBefore = emitted;
        state = before.copy();
        emitted = new ArrayList<>();
        try {
            effect.run();
        } finally {
            state = before;
            emitted = emittedBefore;
        }
    }

    private TxResult mineLocked(String from, String function, String hash, Runnable effect) {
        block++;
        State before = state;
        state = before.copy();
        emitted = new ArrayList<>();
        try {
            effect.run();
        } catch (ContractRevertException e) {
            state = before;
            emitted = new ArrayList<>();
            transactions.put(hash, TxStatus.FAILED);
            throw new ContractRevertException(function, e.errorName(), e.arguments(), e.revertData(), hash);
        } catch (RuntimeException e) {
            state = before;
            emitted = new ArrayList<>();
            transactions.put(hash, TxStatus.FAILED);
            throw e;
        }
        transactions.put(hash, TxStatus.SUCCEEDED);
        record(hash);
        return new TxResult(hash, block, GAS);
    }

    /** Logs the events the transaction emitted, with their cursors in this block. */
    private void record(String hash) {
        for (int i = 0; i < emitted.size(); i++) log.add(new Logged(emitted.get(i), new EventCursor(block, i), hash));
        emitted = new ArrayList<>();
    }

    private synchronized Optional<String> getMediator(Bytes32 dealKey) {
        requireUp();
        return Optional.ofNullable(state.mediators.get(dealKey));
    }

    /** A read: under the lock, and refused while the node is down. */
    private synchronized <T> T read(java.util.function.Supplier<T> value) {
        requireUp();
        return value.get();
    }

    private void requireUp() {
        if (down) throw new ChainUnavailableException("the node cannot be reached (fake)", null);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private String pick(DealTerms terms) {
        List<String> mediators = terms.mediators();
        if (state.nextMediator != null) {
            String picked = state.nextMediator;
            state.nextMediator = null;
            if (!mediators.contains(picked)) {
                throw new IllegalStateException(picked + " cannot be picked: not a mediator of the deal");
            }
            return picked;
        }
        // deterministic where the contract uses prevrandao
        int index = new BigInteger(1, terms.key().bytes())
                .mod(BigInteger.valueOf(mediators.size()))
                .intValueExact();
        return mediators.get(index);
    }

    private Deal existing(String function, DealTerms terms) {
        Deal deal = state.deals.get(terms.key());
        if (deal == null) throw revert(function, "DealNotFound", terms.dealId().hex());
        if (!deal.terms.equals(terms))
            throw revert(function, "DealTermsMismatch", terms.dealId().hex());
        return deal;
    }

    private static void requireState(String function, Deal deal, AgreementState required) {
        if (deal.state != required) {
            throw revert(
                    function, "WrongState", deal.terms.dealId().hex(), "" + deal.state.code(), "" + required.code());
        }
    }

    private void requireTimedOut(String function, DealTerms terms, Instant since, long timeoutSeconds) {
        Instant deadline = since.plusSeconds(timeoutSeconds);
        if (!now().isAfter(deadline)) {
            throw revert(function, "NotTimedOut", terms.dealId().hex(), "" + deadline.getEpochSecond());
        }
    }

    private void moveTo(Deal deal, AgreementState to) {
        deal.state = to;
        emitted.add(new DealStateChanged(deal.terms.key(), deal.terms.dealId(), to));
    }

    /** Storage's checks of a deal's terms at its first agreement. */
    private static void validate(DealTerms terms) {
        String f = "agree";
        if (terms.dealId().isZero()) throw revert(f, "MissingDealId");
        if (terms.resourceProvider().equals(terms.jobCreator())) {
            throw revert(f, "SameResourceProviderAndJobCreator", terms.jobCreator());
        }
        if (terms.mediators().isEmpty()) throw revert(f, "NoMediators");
        if (terms.mediators().size() > 16)
            throw revert(f, "TooManyMediators", "" + terms.mediators().size(), "16");
        for (String mediator : terms.mediators()) {
            if (mediator.equals(terms.resourceProvider()) || mediator.equals(terms.jobCreator())) {
                throw revert(f, "MediatorIsDealParty", mediator);
            }
        }
        if (terms.agreeCollateral().signum() != 0)
            throw revert(f, "AgreeCollateralNotZero", "" + terms.agreeCollateral());
        if (terms.mediateResultsCollateral().signum() != 0) {
            throw revert(f, "MediateCollateralNotZero", "" + terms.mediateResultsCollateral());
        }
        if (terms.agreeTimeoutSeconds() == 0) throw revert(f, "ZeroTimeout", "agree");
        if (terms.submitResultsTimeoutSeconds() == 0) throw revert(f, "ZeroTimeout", "submitResults");
        if (terms.judgeResultsTimeoutSeconds() == 0) throw revert(f, "ZeroTimeout", "judgeResults");
        if (terms.mediateResultsTimeoutSeconds() == 0) throw revert(f, "ZeroTimeout", "mediateResults");
    }

    /** Payments' {@code _settle}: what a party pays into the deal's escrow, net of what it gets back. */
    private void settle(String function, DealTerms terms, String party, BigInteger paidIn, BigInteger paidOut) {
        int direction = paidIn.compareTo(paidOut);
        if (direction > 0) {
            BigInteger amount = paidIn.subtract(paidOut);
            transferFrom(function, addresses.payments(), party, addresses.payments(), amount);
            state.escrow.merge(terms.key(), amount, BigInteger::add);
        } else if (direction < 0) {
            payOut(function, terms, party, paidOut.subtract(paidIn));
        }
    }

    private void payOut(String function, DealTerms terms, String to, BigInteger amount) {
        if (amount.signum() == 0) return;
        BigInteger held = state.escrow.getOrDefault(terms.key(), BigInteger.ZERO);
        if (amount.compareTo(held) > 0) {
            throw revert(function, "EscrowShortfall", terms.key().hex(), amount.toString(), held.toString());
        }
        state.escrow.put(terms.key(), held.subtract(amount));
        transfer(function, addresses.payments(), to, amount);
    }

    private void requireSettled(String function, DealTerms terms) {
        BigInteger remaining = state.escrow.getOrDefault(terms.key(), BigInteger.ZERO);
        if (remaining.signum() != 0)
            throw revert(function, "EscrowNotSettled", terms.key().hex(), remaining.toString());
    }

    /** ERC-20 {@code transferFrom} by {@code spender}: the allowance first, then the balance. */
    private void transferFrom(String function, String spender, String from, String to, BigInteger amount) {
        String key = allowanceKey(from, spender);
        BigInteger allowed = state.allowances.getOrDefault(key, BigInteger.ZERO);
        if (allowed.compareTo(amount) < 0) {
            throw revert(function, "ERC20InsufficientAllowance", spender, allowed.toString(), amount.toString());
        }
        if (!allowed.equals(UNLIMITED)) state.allowances.put(key, allowed.subtract(amount));
        transfer(function, from, to, amount);
    }

    private void transfer(String function, String from, String to, BigInteger amount) {
        BigInteger balance = state.tokens.getOrDefault(from, BigInteger.ZERO);
        if (balance.compareTo(amount) < 0) {
            throw revert(function, "ERC20InsufficientBalance", from, balance.toString(), amount.toString());
        }
        state.tokens.put(from, balance.subtract(amount));
        state.tokens.merge(to, amount, BigInteger::add);
    }

    private static String allowanceKey(String owner, String spender) {
        return owner + " " + spender;
    }

    private static OnChainJob withStatus(OnChainJob job, OnChainJobStatus status) {
        return new OnChainJob(
                job.id(), job.callingContract(), job.payee(), job.deposit(), status, job.module(), job.inputs());
    }

    private static ServiceType firstDuplicate(List<ServiceType> roles) {
        Set<ServiceType> seen = new HashSet<>();
        for (ServiceType role : roles) if (!seen.add(role)) return role;
        throw new IllegalStateException("no duplicate");
    }

    private static ContractRevertException revert(String function, String error, String... arguments) {
        return new ContractRevertException(function, error, List.of(arguments), "0x", null);
    }

    private static String contract(int lastByte) {
        return checksum(String.format("0x%040x", lastByte));
    }

    private static String checksum(String address) {
        return Keys.toChecksumAddress(Objects.requireNonNull(address, "address"));
    }
}
