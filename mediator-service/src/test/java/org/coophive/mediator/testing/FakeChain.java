package org.coophive.mediator.testing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.coophive.common.ids.ContentIds;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.ServiceType;

/**
 * A chain in memory for the mediator's unit tests: deals in a state with a picked mediator and a
 * posted data id, judgements that call the transaction listener first (as the real client does)
 * and can be made to "crash" after signing, with or without the transaction being mined.
 */
public final class FakeChain implements ChainClient {

    /** What happens to the next judgement after its hash was signed. */
    public enum NextSend {
        MINED,
        /** The process dies after signing; the node got the transaction and mined it. */
        CRASH_AFTER_MINING,
        /** The process dies after signing; the node never got it. */
        CRASH_BEFORE_DELIVERY
    }

    private final String address;
    private TransactionListener listener = TransactionListener.NONE;
    private final Map<Bytes32, AgreementState> states = new HashMap<>();
    private final Map<Bytes32, String> mediators = new HashMap<>();
    private final Map<Bytes32, Bytes32> dataIds = new HashMap<>();
    private final Map<String, TxStatus> transactions = new HashMap<>();
    public final List<String> sent = new ArrayList<>();
    public NextSend nextSend = NextSend.MINED;
    private int nonce;

    // users
    private OnChainUser user;
    private final List<String> mediatorList = new ArrayList<>();
    public final List<String> userCalls = new ArrayList<>();

    public FakeChain(String address) {
        this.address = address;
    }

    public void listener(TransactionListener listener) {
        this.listener = listener;
    }

    /** The deal is in {@code state} with {@code mediator} picked and {@code dataId} posted. */
    public synchronized void deal(DealTerms terms, AgreementState state, String mediator, String dataId) {
        states.put(terms.key(), state);
        if (mediator != null) mediators.put(terms.key(), mediator);
        if (dataId != null) dataIds.put(terms.key(), Bytes32.of(ContentIds.digest(dataId)));
    }

    public synchronized AgreementState state(DealTerms terms) {
        return states.get(terms.key());
    }

    public synchronized void transactionStatus(String hash, TxStatus status) {
        transactions.put(hash, status);
    }

    public void user(OnChainUser user) {
        this.user = user;
    }

    public List<String> mediatorList() {
        return mediatorList;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public ChainAddresses addresses() {
        throw new UnsupportedOperationException();
    }

    @Override
    public long blockNumber() {
        return 1;
    }

    @Override
    public synchronized TxStatus transactionStatus(String txHash) {
        return transactions.getOrDefault(txHash, TxStatus.UNKNOWN);
    }

    @Override
    public TxResult mediationAcceptResult(DealTerms terms) {
        return judge("mediationAcceptResult", terms, AgreementState.MEDIATION_ACCEPTED);
    }

    @Override
    public TxResult mediationRejectResult(DealTerms terms) {
        return judge("mediationRejectResult", terms, AgreementState.MEDIATION_REJECTED);
    }

    private synchronized TxResult judge(String function, DealTerms terms, AgreementState outcome) {
        if (!address.equals(mediators.get(terms.key()))) {
            throw new ContractRevertException(function, "NotDealMediator", List.of(), "0x", null);
        }
        if (states.get(terms.key()) != AgreementState.RESULTS_CHECKED) {
            throw new ContractRevertException(function, "InvalidState", List.of(), "0x", null);
        }
        String hash = "0x%064x".formatted(++nonce);
        listener.signed(function, terms.dealId(), hash);
        NextSend what = nextSend;
        nextSend = NextSend.MINED;
        switch (what) {
            case CRASH_BEFORE_DELIVERY -> throw new IllegalStateException("crashed before delivering " + hash);
            case CRASH_AFTER_MINING -> {
                mine(function, terms, outcome, hash);
                throw new IllegalStateException("crashed after sending " + hash);
            }
            case MINED -> {
                mine(function, terms, outcome, hash);
                return new TxResult(hash, 1, BigInteger.ONE);
            }
        }
        throw new AssertionError(what);
    }

    private void mine(String function, DealTerms terms, AgreementState outcome, String hash) {
        sent.add(function);
        states.put(terms.key(), outcome);
        transactions.put(hash, TxStatus.SUCCEEDED);
    }

    @Override
    public synchronized OnChainAgreement getAgreement(Bytes32 dealKey) {
        AgreementState state = states.getOrDefault(dealKey, AgreementState.DEAL_NEGOTIATING);
        return new OnChainAgreement(state, true, true, null, null, null, null, BigInteger.ONE);
    }

    @Override
    public synchronized Optional<OnChainResult> getResult(Bytes32 dealKey) {
        return Optional.ofNullable(dataIds.get(dealKey)).map(id -> new OnChainResult(dealKey, id, BigInteger.ONE));
    }

    @Override
    public synchronized Optional<String> getMediator(Bytes32 dealKey) {
        return Optional.ofNullable(mediators.get(dealKey));
    }

    @Override
    public BigInteger escrowOf(Bytes32 dealKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult updateUser(String metadataCid, String url, List<ServiceType> roles) {
        userCalls.add("updateUser " + roles);
        user = new OnChainUser(address, metadataCid, url, List.copyOf(roles));
        return new TxResult("0x%064x".formatted(++nonce), 1, BigInteger.ONE);
    }

    @Override
    public TxResult addUserToList(ServiceType role) {
        userCalls.add("addUserToList " + role);
        mediatorList.add(address);
        return new TxResult("0x%064x".formatted(++nonce), 1, BigInteger.ONE);
    }

    @Override
    public Optional<OnChainUser> getUser(String address) {
        return Optional.ofNullable(user);
    }

    @Override
    public List<String> showUsersInList(ServiceType role) {
        return List.copyOf(mediatorList);
    }

    // ------------------------------------------------------------------ not used by the mediator

    @Override
    public TxResult agree(DealTerms terms) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult addResult(DealTerms terms, Bytes32 resultsId, Bytes32 dataId, BigInteger instructionCount) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult acceptResult(DealTerms terms) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult checkResult(DealTerms terms) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult timeoutAgree(DealTerms terms) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult timeoutSubmitResults(DealTerms terms) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult timeoutJudgeResults(DealTerms terms) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult timeoutMediateResults(DealTerms terms) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult removeUserFromList(ServiceType role) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult setRequiredDeposit(BigInteger deposit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BigInteger getRequiredDeposit() {
        throw new UnsupportedOperationException();
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
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult approve(String spender, BigInteger amount) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxResult transferTokens(String to, BigInteger amount) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BigInteger allowance(String owner, String spender) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BigInteger tokenBalanceOf(String address) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BigInteger etherBalanceOf(String address) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
}
