package org.coophive.jobcreator.testing;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainAddresses;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.chain.ContractRevertException;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.common.chain.OnChainJob;
import org.coophive.common.chain.OnChainJobStatus;
import org.coophive.common.chain.OnChainResult;
import org.coophive.common.chain.OnChainUser;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.chain.TxResult;
import org.coophive.common.chain.TxStatus;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.ServiceType;

/**
 * The contracts in memory, as the job creator sees them: the deal state machine with its
 * timestamps, on-chain jobs, allowances, a clock that tests move, transaction hashes and their
 * status, and a switch that makes the node unreachable.
 */
public final class FakeChain implements ChainClient {

    public static final String PAYMENTS = "0x00000000000000000000000000000000000000a1";

    private final String self;
    private final List<String> sent = new ArrayList<>();
    private final Map<Bytes32, Deal> deals = new HashMap<>();
    private final Map<String, TxStatus> txs = new HashMap<>();
    private final Map<BigInteger, OnChainJob> jobs = new HashMap<>();
    private final AtomicInteger nonce = new AtomicInteger();
    private volatile TransactionListener listener = TransactionListener.NONE;
    private volatile boolean down;
    private volatile boolean holdNextSend;
    private volatile boolean loseNextClaim;
    private Instant now = Instant.parse("2026-11-24T12:00:00Z");
    private BigInteger allowance = BigInteger.ZERO;

    private static final class Deal {
        AgreementState state = AgreementState.DEAL_NEGOTIATING;
        boolean rp;
        boolean jc;
        Instant created;
        Instant agreed;
        Instant submitted;
        Instant checked;
        BigInteger count = BigInteger.ZERO;
        Bytes32 dataId;
    }

    public FakeChain(String self) {
        this.self = self;
    }

    public void listener(TransactionListener listener) {
        this.listener = listener;
    }

    /** Every transaction sent, as {@code function} or {@code function:jobId}, in order. */
    public synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    public synchronized long count(String function) {
        return sent.stream()
                .filter(s -> s.equals(function) || s.startsWith(function + ":"))
                .count();
    }

    public void down(boolean down) {
        this.down = down;
    }

    /** The next transaction is signed (and journaled) but stays pending, and the caller sees the node fail. */
    public void holdNextSend() {
        this.holdNextSend = true;
    }

    /** The next timeout claim loses a race: the other party's claim is mined first, ours reverts. */
    public void loseNextClaim() {
        this.loseNextClaim = true;
    }

    /** Mines every pending transaction (their effects were already applied when sent: a simplification). */
    public synchronized void minePending() {
        txs.replaceAll((hash, status) -> status == TxStatus.PENDING ? TxStatus.SUCCEEDED : status);
    }

    public synchronized void advance(long seconds) {
        now = now.plusSeconds(seconds);
    }

    // ------------------------------------------------------------------ the other parties

    public synchronized void rpAgrees(DealTerms terms) {
        Deal deal = deal(terms);
        deal.rp = true;
        if (deal.created == null) deal.created = now;
        if (deal.jc) bothAgreed(deal);
    }

    public synchronized void rpAddsResult(DealTerms terms, Bytes32 dataId, long count) {
        Deal deal = deal(terms);
        deal.state = AgreementState.RESULTS_SUBMITTED;
        deal.submitted = now;
        deal.count = BigInteger.valueOf(count);
        deal.dataId = dataId;
    }

    public synchronized void mediatorJudges(DealTerms terms, boolean correct) {
        deal(terms).state = correct ? AgreementState.MEDIATION_ACCEPTED : AgreementState.MEDIATION_REJECTED;
    }

    public synchronized AgreementState state(DealTerms terms) {
        return deal(terms).state;
    }

    public synchronized void addJob(OnChainJob job) {
        jobs.put(job.id(), job);
    }

    private Deal deal(DealTerms terms) {
        return deals.computeIfAbsent(terms.key(), key -> new Deal());
    }

    private void bothAgreed(Deal deal) {
        deal.state = AgreementState.DEAL_AGREED;
        deal.agreed = now;
    }

    // ------------------------------------------------------------------ ChainClient

    @Override
    public String address() {
        return self;
    }

    @Override
    public ChainAddresses addresses() {
        String a = "0x00000000000000000000000000000000000000a";
        return new ChainAddresses(a + "0", a + "2", PAYMENTS, a + "3", a + "4", a + "5", a + "6");
    }

    @Override
    public long blockNumber() {
        up();
        return 1;
    }

    @Override
    public synchronized Instant latestBlockTime() {
        up();
        return now;
    }

    @Override
    public synchronized TxStatus transactionStatus(String txHash) {
        up();
        return txs.getOrDefault(txHash, TxStatus.UNKNOWN);
    }

    private void up() {
        if (down) throw new ChainUnavailableException("node down (fake)", null);
    }

    private synchronized TxResult send(String function, Runnable effect) {
        up();
        String hash = String.format("0x%064x", nonce.incrementAndGet());
        listener.signed(function.replaceAll(":.*", ""), null, hash);
        sent.add(function);
        effect.run();
        if (holdNextSend) {
            holdNextSend = false;
            txs.put(hash, TxStatus.PENDING);
            throw new ChainUnavailableException("receipt never came (fake)", null, hash);
        }
        txs.put(hash, TxStatus.SUCCEEDED);
        return new TxResult(hash, 1, BigInteger.valueOf(21_000));
    }

    @Override
    public TxResult agree(DealTerms terms) {
        return send("agree", () -> {
            Deal deal = deal(terms);
            if (deal.jc) throw new IllegalStateException("agreed twice");
            deal.jc = true;
            if (deal.created == null) deal.created = now;
            if (deal.rp) bothAgreed(deal);
        });
    }

    @Override
    public TxResult addResult(DealTerms terms, Bytes32 resultsId, Bytes32 dataId, BigInteger instructionCount) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult acceptResult(DealTerms terms) {
        return send(
                "acceptResult", () -> move(terms, AgreementState.RESULTS_SUBMITTED, AgreementState.RESULTS_ACCEPTED));
    }

    @Override
    public TxResult checkResult(DealTerms terms) {
        return send("checkResult", () -> {
            move(terms, AgreementState.RESULTS_SUBMITTED, AgreementState.RESULTS_CHECKED);
            deal(terms).checked = now;
        });
    }

    @Override
    public TxResult mediationAcceptResult(DealTerms terms) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult mediationRejectResult(DealTerms terms) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult timeoutAgree(DealTerms terms) {
        return send("timeoutAgree", () -> move(terms, AgreementState.DEAL_NEGOTIATING, AgreementState.TIMEOUT_AGREE));
    }

    @Override
    public TxResult timeoutSubmitResults(DealTerms terms) {
        return send(
                "timeoutSubmitResults",
                () -> move(terms, AgreementState.DEAL_AGREED, AgreementState.TIMEOUT_SUBMIT_RESULTS));
    }

    @Override
    public TxResult timeoutJudgeResults(DealTerms terms) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult timeoutMediateResults(DealTerms terms) {
        if (loseNextClaim) {
            loseNextClaim = false;
            return lose(terms, "timeoutMediateResults", AgreementState.TIMEOUT_MEDIATE_RESULTS);
        }
        return send(
                "timeoutMediateResults",
                () -> move(terms, AgreementState.RESULTS_CHECKED, AgreementState.TIMEOUT_MEDIATE_RESULTS));
    }

    private synchronized TxResult lose(DealTerms terms, String function, AgreementState othersEnd) {
        up();
        Deal deal = deal(terms);
        AgreementState was = deal.state;
        deal.state = othersEnd;
        String hash = String.format("0x%064x", nonce.incrementAndGet());
        listener.signed(function, null, hash);
        sent.add(function);
        txs.put(hash, TxStatus.FAILED);
        throw new ContractRevertException(
                function, "WrongState", List.of(terms.dealId().hex(), othersEnd.name(), was.name()), "0x", hash);
    }

    private void move(DealTerms terms, AgreementState from, AgreementState to) {
        Deal deal = deal(terms);
        if (deal.state != from) throw new IllegalStateException("deal in " + deal.state + ", not " + from);
        deal.state = to;
    }

    @Override
    public synchronized OnChainAgreement getAgreement(Bytes32 dealKey) {
        up();
        Deal deal = deals.getOrDefault(dealKey, new Deal());
        return new OnChainAgreement(
                deal.state, deal.rp, deal.jc, deal.created, deal.agreed, deal.submitted, deal.checked, deal.count);
    }

    @Override
    public synchronized Optional<OnChainResult> getResult(Bytes32 dealKey) {
        up();
        Deal deal = deals.get(dealKey);
        if (deal == null || deal.dataId == null) return Optional.empty();
        return Optional.of(new OnChainResult(dealKey, deal.dataId, deal.count));
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
        return send("setRequiredDeposit", () -> {});
    }

    @Override
    public BigInteger getRequiredDeposit() {
        return BigInteger.ZERO;
    }

    @Override
    public TxResult submitResults(BigInteger jobId, Bytes32 dealId, String dataId) {
        return send("submitResults:" + jobId, () -> setJobStatus(jobId, OnChainJobStatus.COMPLETED));
    }

    @Override
    public TxResult refundJob(BigInteger jobId) {
        return send("refundJob:" + jobId, () -> setJobStatus(jobId, OnChainJobStatus.REFUNDED));
    }

    private void setJobStatus(BigInteger id, OnChainJobStatus status) {
        OnChainJob job = jobs.get(id);
        jobs.put(
                id,
                new OnChainJob(
                        id, job.callingContract(), job.payee(), job.deposit(), status, job.module(), job.inputs()));
    }

    @Override
    public synchronized Optional<OnChainJob> getJob(BigInteger jobId) {
        up();
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public TxResult approve(String spender, BigInteger amount) {
        return send("approve", () -> allowance = amount);
    }

    @Override
    public TxResult transferTokens(String to, BigInteger amount) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized BigInteger allowance(String owner, String spender) {
        up();
        return allowance;
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
}
