package org.coophive.resourceprovider.testing;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainAddresses;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.ContractRevertException;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.common.chain.OnChainJob;
import org.coophive.common.chain.OnChainResult;
import org.coophive.common.chain.OnChainUser;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.chain.TxResult;
import org.coophive.common.chain.TxStatus;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.ServiceType;

/**
 * The contracts' deal state machine in memory, seen by one resource provider: its calls follow the
 * contracts' rules (state, who agreed, timeouts measured on this chain's clock), the job creator's
 * side is driven by the test. Every transaction is reported to the {@link TransactionListener}
 * before it "reaches the node", as the real client does, and counted, so tests can assert each step
 * was sent exactly once. A test can make the next send "crash" after signing.
 */
public final class FakeChain implements ChainClient {

    /** What the next send does after it is signed. */
    public enum NextSend {
        NORMAL,
        /** The process dies after the node accepted it; it stays pending. */
        CRASH_PENDING,
        /** The process dies after the node accepted it, and it is mined afterwards. */
        CRASH_MINED,
        /** The process dies before the node got it. */
        CRASH_LOST
    }

    /** A step sent for a deal. */
    public record Sent(String function, Bytes32 dealId, String txHash) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String self;
    private final ChainAddresses addresses;
    private final Map<Bytes32, Deal> deals = new HashMap<>();
    private final Map<String, TxStatus> transactions = new HashMap<>();
    private final Map<String, Runnable> pendingEffects = new HashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private TransactionListener listener = TransactionListener.NONE;
    private Instant now = Instant.parse("2026-11-24T12:00:00Z");
    private NextSend nextSend = NextSend.NORMAL;
    private BigInteger allowance = BigInteger.ZERO;
    private long block = 1;

    private static final class Deal {
        DealTerms terms;
        AgreementState state = AgreementState.DEAL_NEGOTIATING;
        boolean rpAgreed;
        boolean jcAgreed;
        Instant createdAt;
        Instant agreedAt;
        Instant submittedAt;
        Instant checkedAt;
        BigInteger instructions = BigInteger.ZERO;
        OnChainResult result;
    }

    public FakeChain(String self) {
        this.self = self;
        String contract = "0x00000000000000000000000000000000000000c0";
        this.addresses = new ChainAddresses(contract, contract, contract, contract, contract, contract, contract);
    }

    // ------------------------------------------------------------------ test controls

    public synchronized void listener(TransactionListener listener) {
        this.listener = listener;
    }

    public synchronized void nextSend(NextSend behaviour) {
        this.nextSend = behaviour;
    }

    public synchronized void advance(long seconds) {
        now = now.plusSeconds(seconds);
    }

    /** Mines a transaction left pending by {@link NextSend#CRASH_PENDING}. */
    public synchronized void mine(String txHash) {
        pendingEffects.remove(txHash).run();
        transactions.put(txHash, TxStatus.SUCCEEDED);
    }

    /** Forgets a pending transaction, as a node that dropped it. */
    public synchronized void drop(String txHash) {
        pendingEffects.remove(txHash);
        transactions.remove(txHash);
    }

    public synchronized void jobCreatorAgrees(DealTerms terms) {
        Deal d = deal(terms);
        require(!d.jcAgreed && d.state == AgreementState.DEAL_NEGOTIATING, "jc agree", "AlreadyAgreed");
        d.jcAgreed = true;
        if (d.createdAt == null) d.createdAt = now;
        if (d.rpAgreed) {
            d.state = AgreementState.DEAL_AGREED;
            d.agreedAt = now;
        }
    }

    public synchronized void jobCreatorAccepts(DealTerms terms) {
        Deal d = deal(terms);
        require(d.state == AgreementState.RESULTS_SUBMITTED, "acceptResult", "WrongState");
        d.state = AgreementState.RESULTS_ACCEPTED;
    }

    public synchronized void jobCreatorChecks(DealTerms terms) {
        Deal d = deal(terms);
        require(d.state == AgreementState.RESULTS_SUBMITTED, "checkResult", "WrongState");
        d.state = AgreementState.RESULTS_CHECKED;
        d.checkedAt = now;
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public synchronized long sent(String function) {
        return sent.stream().filter(s -> s.function().equals(function)).count();
    }

    public synchronized Optional<AgreementState> state(Bytes32 dealKey) {
        Deal d = deals.get(dealKey);
        return d == null || (!d.rpAgreed && !d.jcAgreed) ? Optional.empty() : Optional.of(d.state);
    }

    // ------------------------------------------------------------------ ChainClient

    @Override
    public String address() {
        return self;
    }

    @Override
    public ChainAddresses addresses() {
        return addresses;
    }

    @Override
    public synchronized long blockNumber() {
        return block;
    }

    @Override
    public synchronized Instant latestBlockTime() {
        return now;
    }

    @Override
    public synchronized TxStatus transactionStatus(String txHash) {
        return transactions.getOrDefault(txHash, TxStatus.UNKNOWN);
    }

    @Override
    public TxResult agree(DealTerms terms) {
        return send(
                "agree",
                terms,
                d -> {
                    require(d.state == AgreementState.DEAL_NEGOTIATING, "agree", "WrongState");
                    require(!d.rpAgreed, "agree", "AlreadyAgreed");
                    require(allowance.signum() > 0, "agree", "ERC20InsufficientAllowance");
                },
                d -> {
                    d.rpAgreed = true;
                    if (d.createdAt == null) d.createdAt = now;
                    if (d.jcAgreed) {
                        d.state = AgreementState.DEAL_AGREED;
                        d.agreedAt = now;
                    }
                });
    }

    @Override
    public TxResult addResult(DealTerms terms, Bytes32 resultsId, Bytes32 dataId, BigInteger instructionCount) {
        return send(
                "addResult",
                terms,
                d -> require(d.state == AgreementState.DEAL_AGREED, "addResult", "WrongState"),
                d -> {
                    d.state = AgreementState.RESULTS_SUBMITTED;
                    d.submittedAt = now;
                    d.instructions = instructionCount;
                    d.result = new OnChainResult(terms.key(), dataId, instructionCount);
                });
    }

    @Override
    public TxResult timeoutAgree(DealTerms terms) {
        return send(
                "timeoutAgree",
                terms,
                d -> {
                    require(d.state == AgreementState.DEAL_NEGOTIATING, "timeoutAgree", "WrongState");
                    require(
                            d.createdAt != null && now.isAfter(d.createdAt.plusSeconds(terms.agreeTimeoutSeconds())),
                            "timeoutAgree",
                            "NotTimedOut");
                },
                d -> d.state = AgreementState.TIMEOUT_AGREE);
    }

    @Override
    public TxResult timeoutJudgeResults(DealTerms terms) {
        return send(
                "timeoutJudgeResults",
                terms,
                d -> {
                    require(d.state == AgreementState.RESULTS_SUBMITTED, "timeoutJudgeResults", "WrongState");
                    require(
                            now.isAfter(d.submittedAt.plusSeconds(terms.judgeResultsTimeoutSeconds())),
                            "timeoutJudgeResults",
                            "NotTimedOut");
                },
                d -> d.state = AgreementState.TIMEOUT_JUDGE_RESULTS);
    }

    @Override
    public TxResult timeoutMediateResults(DealTerms terms) {
        return send(
                "timeoutMediateResults",
                terms,
                d -> {
                    require(d.state == AgreementState.RESULTS_CHECKED, "timeoutMediateResults", "WrongState");
                    require(
                            now.isAfter(d.checkedAt.plusSeconds(terms.mediateResultsTimeoutSeconds())),
                            "timeoutMediateResults",
                            "NotTimedOut");
                },
                d -> d.state = AgreementState.TIMEOUT_MEDIATE_RESULTS);
    }

    @Override
    public synchronized OnChainAgreement getAgreement(Bytes32 dealKey) {
        Deal d = deals.get(dealKey);
        if (d == null) {
            return new OnChainAgreement(
                    AgreementState.DEAL_NEGOTIATING, false, false, null, null, null, null, BigInteger.ZERO);
        }
        return new OnChainAgreement(
                d.state, d.rpAgreed, d.jcAgreed, d.createdAt, d.agreedAt, d.submittedAt, d.checkedAt, d.instructions);
    }

    @Override
    public synchronized Optional<OnChainResult> getResult(Bytes32 dealKey) {
        Deal d = deals.get(dealKey);
        return d == null ? Optional.empty() : Optional.ofNullable(d.result);
    }

    @Override
    public BigInteger escrowOf(Bytes32 dealKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> getMediator(Bytes32 dealKey) {
        return Optional.empty();
    }

    @Override
    public synchronized TxResult approve(String spender, BigInteger amount) {
        allowance = amount;
        return record("approve", null, TxStatus.SUCCEEDED);
    }

    @Override
    public synchronized BigInteger allowance(String owner, String spender) {
        return allowance;
    }

    // ------------------------------------------------------------------ not used by the provider

    @Override
    public TxResult acceptResult(DealTerms terms) {
        throw new UnsupportedOperationException("the job creator's step");
    }

    @Override
    public TxResult checkResult(DealTerms terms) {
        throw new UnsupportedOperationException("the job creator's step");
    }

    @Override
    public TxResult mediationAcceptResult(DealTerms terms) {
        throw new UnsupportedOperationException("the mediator's step");
    }

    @Override
    public TxResult mediationRejectResult(DealTerms terms) {
        throw new UnsupportedOperationException("the mediator's step");
    }

    @Override
    public TxResult timeoutSubmitResults(DealTerms terms) {
        throw new UnsupportedOperationException("the job creator's step");
    }

    @Override
    public TxResult updateUser(String metadataCid, String url, List<ServiceType> roles) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult addUserToList(ServiceType role) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult removeUserFromList(ServiceType role) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<OnChainUser> getUser(String address) {
        return Optional.empty();
    }

    @Override
    public List<String> showUsersInList(ServiceType role) {
        return List.of();
    }

    @Override
    public TxResult setRequiredDeposit(BigInteger deposit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BigInteger getRequiredDeposit() {
        return BigInteger.ZERO;
    }

    @Override
    public TxResult submitResults(BigInteger jobId, Bytes32 dealId, String dataId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult refundJob(BigInteger jobId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<OnChainJob> getJob(BigInteger jobId) {
        return Optional.empty();
    }

    @Override
    public TxResult transferTokens(String to, BigInteger amount) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BigInteger tokenBalanceOf(String address) {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger etherBalanceOf(String address) {
        return BigInteger.ZERO;
    }

    @Override
    public void close() {}

    // ------------------------------------------------------------------ internals

    private interface Check {
        void check(Deal deal);
    }

    private interface Effect {
        void apply(Deal deal);
    }

    /** Simulates (a revert sends nothing), signs, tells the listener, then delivers and mines. */
    private synchronized TxResult send(String function, DealTerms terms, Check check, Effect effect) {
        Deal d = deals.computeIfAbsent(terms.key(), k -> {
            Deal fresh = new Deal();
            fresh.terms = terms;
            return fresh;
        });
        require(d.terms.equals(terms), function, "DealTermsMismatch");
        check.check(d);
        String hash = "0x" + HexFormat.of().formatHex(randomBytes());
        listener.signed(function, terms.dealId(), hash);
        NextSend behaviour = nextSend;
        nextSend = NextSend.NORMAL;
        switch (behaviour) {
            case CRASH_LOST -> throw new SimulatedCrash(function);
            case CRASH_PENDING -> {
                sent.add(new Sent(function, terms.dealId(), hash));
                transactions.put(hash, TxStatus.PENDING);
                pendingEffects.put(hash, () -> effect.apply(d));
                throw new SimulatedCrash(function);
            }
            case CRASH_MINED -> {
                sent.add(new Sent(function, terms.dealId(), hash));
                effect.apply(d);
                transactions.put(hash, TxStatus.SUCCEEDED);
                throw new SimulatedCrash(function);
            }
            default -> {
                sent.add(new Sent(function, terms.dealId(), hash));
                effect.apply(d);
                transactions.put(hash, TxStatus.SUCCEEDED);
                block++;
                return new TxResult(hash, block, BigInteger.valueOf(21_000));
            }
        }
    }

    private synchronized TxResult record(String function, Bytes32 dealId, TxStatus status) {
        String hash = "0x" + HexFormat.of().formatHex(randomBytes());
        listener.signed(function, dealId, hash);
        transactions.put(hash, status);
        block++;
        return new TxResult(hash, block, BigInteger.valueOf(21_000));
    }

    private Deal deal(DealTerms terms) {
        return deals.computeIfAbsent(terms.key(), k -> {
            Deal fresh = new Deal();
            fresh.terms = terms;
            return fresh;
        });
    }

    private static void require(boolean condition, String function, String error) {
        if (!condition) throw new ContractRevertException(function, error, List.of(), "0x", null);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The provider "died" in the middle of a send: nothing after this point of its code ran. */
    public static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String function) {
            super("simulated crash while sending " + function);
        }
    }
}
