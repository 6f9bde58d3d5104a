package org.coophive.common.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.coophive.common.model.Addresses;
import org.coophive.contracts.ChainConnection;
import org.coophive.contracts.ServiceType;
import org.coophive.contracts.generated.CoopHiveController;
import org.coophive.contracts.generated.CoopHiveMediationRandom;
import org.coophive.contracts.generated.CoopHiveOnChainJobCreator;
import org.coophive.contracts.generated.CoopHivePayments;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.generated.CoopHiveToken;
import org.coophive.contracts.generated.CoopHiveUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * The {@link ChainClient} over a JSON-RPC node, built from {@link Web3Properties}: one
 * {@link ChainConnection} (HTTP or WebSocket, fast receipt polling), one
 * {@link FastRawTransactionManager} for the key shared by all calls, the contract addresses read
 * from the controller. The generated wrappers only encode calls and decode views here; sending is
 * done by a {@link TransactionSender} (simulate, send under a per-key lock, wait, check).
 *
 * <p>Use one client per key per process: two clients (or any other sender) of the same key in one
 * process would compete for nonces. They would recover (the node reports the conflict and the
 * client signs again) but not cheaply. Close event streams made by {@link #events} before the
 * client.
 *
 * <p>Prefer an HTTP URL: every request is independent, so an outage ends when the node is back.
 * A WebSocket connection that drops is not re-established by web3j; calls then fail as
 * {@link ChainUnavailableException} until the client is recreated.
 */
public final class Web3ChainClient implements ChainClient {

    private static final Logger log = LoggerFactory.getLogger(Web3ChainClient.class);

    /**
     * A floor under the gas limit of {@code submitResults}: it calls the job's client contract in a
     * try/catch, so the node's estimate is the gas at which the callback fails cheaply, not the
     * gas it needs to succeed.
     */
    private static final BigInteger SUBMIT_RESULTS_MIN_GAS = BigInteger.valueOf(1_000_000);

    private final ChainConnection connection;
    private final Web3j web3j;
    private final String address;
    private final int confirmations;
    private final Rpc rpc;
    private final TransactionSender sender;
    private final ChainAddresses addresses;
    private final CoopHiveController controller;
    private final CoopHiveStorage storage;
    private final CoopHivePayments payments;
    private final CoopHiveUsers users;
    private final CoopHiveMediationRandom mediation;
    private final CoopHiveOnChainJobCreator jobCreator;
    private final CoopHiveToken token;

    private final ChainHeads heads;

    private Web3ChainClient(ChainConnection connection, Web3Properties properties, ChainClientOptions options) {
        this.connection = connection;
        this.web3j = connection.web3j();
        this.rpc = new Rpc(options.retry());
        Credentials credentials = properties.credentials();
        this.address = Keys.toChecksumAddress(credentials.getAddress());
        this.confirmations = properties.confirmations();
        FastRawTransactionManager transactions = connection.transactionManager(credentials);

        // The wrappers are used to encode calls and to run views (as this account); never to send.
        StaticGasProvider unusedForSends = new StaticGasProvider(BigInteger.ZERO, ChainConnection.CALL_GAS_LIMIT);
        this.controller = CoopHiveController.load(properties.controllerAddress(), web3j, transactions, unusedForSends);
        this.addresses = readDeployment(properties);
        this.storage = CoopHiveStorage.load(addresses.storage(), web3j, transactions, unusedForSends);
        this.payments = CoopHivePayments.load(addresses.payments(), web3j, transactions, unusedForSends);
        this.users = CoopHiveUsers.load(addresses.users(), web3j, transactions, unusedForSends);
        this.mediation = CoopHiveMediationRandom.load(addresses.mediation(), web3j, transactions, unusedForSends);
        this.jobCreator = CoopHiveOnChainJobCreator.load(addresses.jobCreator(), web3j, transactions, unusedForSends);
        this.token = CoopHiveToken.load(addresses.token(), web3j, transactions, unusedForSends);
        this.heads = new ChainHeads(
                web3j, properties.newHeadsUrl(), properties.headPollInterval(), properties.redactedRpcUrl());
        this.sender = new TransactionSender(
                web3j, properties.chainId(), credentials.getEcKeyPair(), transactions, address, rpc, options, heads);
        log.info(
                "chain client for {} on chain {} at {}, controller {}",
                address,
                properties.chainId(),
                properties.redactedRpcUrl(),
                addresses.controller());
    }

    /** Connects with the default options. */
    public static Web3ChainClient connect(Web3Properties properties) {
        return connect(properties, ChainClientOptions.defaults());
    }

    /**
     * Connects to {@code WEB3_RPC_URL}, checks that the node is on {@code WEB3_CHAIN_ID} and that
     * {@code WEB3_CONTROLLER_ADDRESS} holds a contract, and reads the other contract addresses
     * from the controller (retrying while the node is unreachable).
     *
     * @throws IllegalStateException naming the variable when the node contradicts the configuration
     * @throws ChainUnavailableException when the node cannot be reached
     */
    public static Web3ChainClient connect(Web3Properties properties, ChainClientOptions options) {
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(options, "options");
        // Only a WebSocket URL connects here; an HTTP client first meets the node on its first call.
        ChainConnection connection = new Rpc(options.retry())
                .call(
                        "connect to " + Web3Properties.RPC_URL + " " + properties.redactedRpcUrl(),
                        () -> ChainConnection.open(properties.rpcUrl(), properties.chainId()));
        try {
            return new Web3ChainClient(connection, properties, options);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Event streams over this client's connection and contracts, woken by one watcher of the
     * chain's head shared by every stream of this client ({@link ChainHeads}: new blocks pushed
     * over a WebSocket where the node serves one, else the head read every 25 ms).
     */
    public ChainEvents events(EventPolling polling) {
        return new PollingChainEvents(web3j, addresses, polling, Optional.of(heads));
    }

    /** Event streams with the default polling (2,000 blocks per request), woken by new blocks. */
    public ChainEvents events() {
        return events(EventPolling.defaults());
    }

    /**
     * Makes the next send read the nonce from the node, and forgets the transactions not seen mined
     * (they are not delivered again). Needed only when the chain itself went back (a dev chain
     * reverted to a snapshot); the client resynchronises by itself after failed sends and missed
     * receipts.
     */
    public void resetNonce() {
        sender.resetNonce();
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public int confirmations() {
        return confirmations;
    }

    @Override
    public ChainAddresses addresses() {
        return addresses;
    }

    @Override
    public long blockNumber() {
        return rpc.call(
                        "read the block number",
                        () -> checked(web3j.ethBlockNumber().send()).getBlockNumber())
                .longValueExact();
    }

    /** The latest head's time as the node pushed it, else read from the node. */
    @Override
    public Instant latestBlockTime() {
        Optional<Instant> pushed = heads.latestTime();
        if (pushed.isPresent()) return pushed.get();
        return rpc.call("read the latest block", () -> {
            EthBlock.Block block = checked(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                            .send())
                    .getBlock();
            return Instant.ofEpochSecond(block.getTimestamp().longValueExact());
        });
    }

    @Override
    public TxStatus transactionStatus(String txHash) {
        Objects.requireNonNull(txHash, "txHash");
        if (!txHash.matches("0x[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("not a transaction hash: " + txHash);
        }
        return rpc.call("look up transaction " + txHash, () -> {
            Optional<TransactionReceipt> receipt =
                    checked(web3j.ethGetTransactionReceipt(txHash).send()).getTransactionReceipt();
            if (receipt.isPresent()) return receipt.get().isStatusOK() ? TxStatus.SUCCEEDED : TxStatus.FAILED;
            Optional<org.web3j.protocol.core.methods.response.Transaction> held =
                    checked(web3j.ethGetTransactionByHash(txHash).send()).getTransaction();
            boolean known = held.isPresent();
            if (known && address.equalsIgnoreCase(held.get().getFrom())) {
                // Ours and held but maybe not executable: queued behind a nonce whose transaction was
                // lost (dropped before a restart). The gap is filled so it runs: only then is it pending.
                sender.fillGapBelow(held.get().getNonce());
            }
            // One of ours the node dropped (or one queued behind a dropped one) is delivered again
            // unchanged: it is on its way, and sending its step anew could run the step twice.
            boolean onItsWay = sender.heal(txHash);
            if (known || onItsWay) return TxStatus.PENDING;
            // One of ours that was mined and is gone: the chain rolled it back; it is sent again unchanged.
            return sender.restore(txHash) ? TxStatus.PENDING : TxStatus.UNKNOWN;
        });
    }

    @Override
    public TxStatus transactionStatus(String txHash, String signedTransaction) {
        TxStatus status = transactionStatus(txHash);
        if (status != TxStatus.UNKNOWN || signedTransaction == null || signedTransaction.isEmpty()) return status;
        if (!Hash.sha3(signedTransaction).equalsIgnoreCase(txHash)) {
            throw new IllegalArgumentException("the signed transaction kept for " + txHash + " has another hash");
        }
        return rpc.call("send transaction " + txHash + " again", () -> sender.redeliverKept(txHash, signedTransaction))
                ? TxStatus.PENDING
                : TxStatus.UNKNOWN;
    }

    @Override
    public TxStatus transactionStatus(String txHash, String signedTransaction, String function, Bytes32 dealId) {
        TxStatus status = transactionStatus(txHash, signedTransaction);
        if (status != TxStatus.PENDING
                || function == null
                || signedTransaction == null
                || signedTransaction.isEmpty()) {
            return status;
        }
        if (!Hash.sha3(signedTransaction).equalsIgnoreCase(txHash)) {
            throw new IllegalArgumentException("the signed transaction kept for " + txHash + " has another hash");
        }
        rpc.call(
                "replace transaction " + txHash + " if it is stuck",
                () -> sender.replaceKeptIfStuck(function, dealId, txHash, signedTransaction));
        return TxStatus.PENDING;
    }

    // ------------------------------------------------------------------ deals

    @Override
    public TxResult agree(DealTerms terms) {
        return dealStep("agree", terms, controller.agree(terms.toContract()));
    }

    @Override
    public TxResult addResult(DealTerms terms, Bytes32 resultsId, Bytes32 dataId, BigInteger instructionCount) {
        Objects.requireNonNull(resultsId, "resultsId");
        Objects.requireNonNull(dataId, "dataId");
        Objects.requireNonNull(instructionCount, "instructionCount");
        return dealStep(
                "addResult",
                terms,
                controller.addResult(terms.toContract(), resultsId.bytes(), dataId.bytes(), instructionCount));
    }

    @Override
    public TxResult acceptResult(DealTerms terms) {
        return dealStep("acceptResult", terms, controller.acceptResult(terms.toContract()));
    }

    @Override
    public TxResult checkResult(DealTerms terms) {
        return dealStep("checkResult", terms, controller.checkResult(terms.toContract()));
    }

    @Override
    public TxResult mediationAcceptResult(DealTerms terms) {
        return dealStep("mediationAcceptResult", terms, controller.mediationAcceptResult(terms.toContract()));
    }

    @Override
    public TxResult mediationRejectResult(DealTerms terms) {
        return dealStep("mediationRejectResult", terms, controller.mediationRejectResult(terms.toContract()));
    }

    @Override
    public TxResult timeoutAgree(DealTerms terms) {
        return dealStep("timeoutAgree", terms, controller.timeoutAgree(terms.toContract()));
    }

    @Override
    public TxResult timeoutSubmitResults(DealTerms terms) {
        return dealStep("timeoutSubmitResults", terms, controller.timeoutSubmitResults(terms.toContract()));
    }

    @Override
    public TxResult timeoutJudgeResults(DealTerms terms) {
        return dealStep("timeoutJudgeResults", terms, controller.timeoutJudgeResults(terms.toContract()));
    }

    @Override
    public TxResult timeoutMediateResults(DealTerms terms) {
        return dealStep("timeoutMediateResults", terms, controller.timeoutMediateResults(terms.toContract()));
    }

    @Override
    public OnChainAgreement getAgreement(Bytes32 dealKey) {
        return OnChainAgreement.from(read("read agreement " + dealKey, storage.getAgreement(dealKey.bytes())));
    }

    @Override
    public Optional<OnChainResult> getResult(Bytes32 dealKey) {
        CoopHiveStorage.Result result = read("read result " + dealKey, storage.getResult(dealKey.bytes()));
        Bytes32 dataId = Bytes32.of(result.dataId);
        if (dataId.isZero()) return Optional.empty();
        return Optional.of(new OnChainResult(Bytes32.of(result.dealKey), dataId, result.instructionCount));
    }

    @Override
    public BigInteger escrowOf(Bytes32 dealKey) {
        return read("read escrow of " + dealKey, payments.escrowOf(dealKey.bytes()));
    }

    @Override
    public Optional<String> getMediator(Bytes32 dealKey) {
        String mediator = read("read mediator of " + dealKey, mediation.getMediator(dealKey.bytes()));
        return Addresses.isZeroOrAbsent(mediator) ? Optional.empty() : Optional.of(Keys.toChecksumAddress(mediator));
    }

    // ------------------------------------------------------------------ users

    @Override
    public TxResult updateUser(String metadataCid, String url, List<ServiceType> roles) {
        Objects.requireNonNull(metadataCid, "metadataCid");
        Objects.requireNonNull(url, "url");
        List<BigInteger> codes =
                roles.stream().map(role -> BigInteger.valueOf(role.code())).toList();
        return call("updateUser", addresses.users(), users.updateUser(metadataCid, url, codes));
    }

    @Override
    public TxResult addUserToList(ServiceType role) {
        return call("addUserToList", addresses.users(), users.addUserToList(BigInteger.valueOf(role.code())));
    }

    @Override
    public TxResult removeUserFromList(ServiceType role) {
        return call("removeUserFromList", addresses.users(), users.removeUserFromList(BigInteger.valueOf(role.code())));
    }

    @Override
    public Optional<OnChainUser> getUser(String address) {
        String checked = Addresses.checksummed("address", address);
        CoopHiveUsers.User user = read("read user " + checked, users.getUser(checked));
        if (Addresses.isZeroOrAbsent(user.userAddress)) return Optional.empty();
        List<ServiceType> roles = user.roles.stream()
                .map(code -> ServiceType.ofCode(code.intValueExact()))
                .toList();
        return Optional.of(new OnChainUser(user.userAddress, user.metadataCID, user.url, roles));
    }

    @Override
    public List<String> showUsersInList(ServiceType role) {
        @SuppressWarnings("unchecked")
        List<Object> listed =
                read("read the " + role + " list", users.showUsersInList(BigInteger.valueOf(role.code())));
        return listed.stream()
                .map(entry -> Keys.toChecksumAddress(String.valueOf(entry)))
                .toList();
    }

    // ------------------------------------------------------------------ on-chain job creator

    @Override
    public TxResult setRequiredDeposit(BigInteger deposit) {
        Objects.requireNonNull(deposit, "deposit");
        return call("setRequiredDeposit", addresses.jobCreator(), jobCreator.setRequiredDeposit(deposit));
    }

    @Override
    public BigInteger getRequiredDeposit() {
        return read("read the required deposit", jobCreator.getRequiredDeposit());
    }

    @Override
    public TxResult submitResults(BigInteger jobId, Bytes32 dealId, String dataId) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(dataId, "dataId");
        RemoteFunctionCall<?> call = jobCreator.submitResults(jobId, dealId.bytes(), dataId);
        return sender.send(new TransactionSender.Call(
                "submitResults", addresses.jobCreator(), call.encodeFunctionCall(), dealId, SUBMIT_RESULTS_MIN_GAS));
    }

    @Override
    public TxResult refundJob(BigInteger jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return call("refundJob", addresses.jobCreator(), jobCreator.refundJob(jobId));
    }

    @Override
    public Optional<OnChainJob> getJob(BigInteger jobId) {
        CoopHiveOnChainJobCreator.JobOffer job = read("read job " + jobId, jobCreator.getJob(jobId));
        OnChainJob onChain = OnChainJob.from(job);
        return onChain.status() == OnChainJobStatus.NONE ? Optional.empty() : Optional.of(onChain);
    }

    // ------------------------------------------------------------------ token and ether

    @Override
    public TxResult approve(String spender, BigInteger amount) {
        String checked = Addresses.checksummed("spender", spender);
        Objects.requireNonNull(amount, "amount");
        return call("approve", addresses.token(), token.approve(checked, amount));
    }

    @Override
    public TxResult transferTokens(String to, BigInteger amount) {
        String checked = Addresses.checksummed("to", to);
        Objects.requireNonNull(amount, "amount");
        return call("transfer", addresses.token(), token.transfer(checked, amount));
    }

    @Override
    public BigInteger allowance(String owner, String spender) {
        return read(
                "read the allowance",
                token.allowance(Addresses.checksummed("owner", owner), Addresses.checksummed("spender", spender)));
    }

    @Override
    public BigInteger tokenBalanceOf(String address) {
        String checked = Addresses.checksummed("address", address);
        return read("read the token balance of " + checked, token.balanceOf(checked));
    }

    @Override
    public BigInteger etherBalanceOf(String address) {
        String checked = Addresses.checksummed("address", address);
        return rpc.call("read the ether balance of " + checked, () -> checked(
                        web3j.ethGetBalance(checked, DefaultBlockParameterName.LATEST)
                                .send())
                .getBalance());
    }

    @Override
    public TxResult sendEther(String to, BigInteger amount) {
        String checked = Addresses.checksummed("to", to);
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) throw new IllegalArgumentException("amount must not be negative: " + amount);
        return sender.send(new TransactionSender.Call("sendEther", checked, "0x", null, null, amount));
    }

    @Override
    public boolean hasCode(String address) {
        String checked = Addresses.checksummed("address", address);
        String code = rpc.call(
                "read the code at " + checked, () -> checked(web3j.ethGetCode(checked, DefaultBlockParameterName.LATEST)
                                .send())
                        .getCode());
        return code != null && !isEmptyCode(code);
    }

    @Override
    public void close() {
        heads.close();
        connection.close();
    }

    @Override
    public String toString() {
        return "Web3ChainClient[" + address + ", controller " + addresses.controller() + "]";
    }

    // ------------------------------------------------------------------ internals

    private TxResult dealStep(String function, DealTerms terms, RemoteFunctionCall<?> call) {
        return sender.send(new TransactionSender.Call(
                function, addresses.controller(), call.encodeFunctionCall(), terms.dealId(), null));
    }

    private TxResult call(String function, String contract, RemoteFunctionCall<?> call) {
        return sender.send(new TransactionSender.Call(function, contract, call.encodeFunctionCall(), null, null));
    }

    private <T> T read(String what, RemoteFunctionCall<T> call) {
        return rpc.call(what, call::send);
    }

    private static <R extends Response<?>> R checked(R response) {
        if (response.hasError())
            throw new ChainException("the node answered: " + response.getError().getMessage());
        return response;
    }

    /**
     * Checks that the node is on {@code WEB3_CHAIN_ID} and that {@code WEB3_CONTROLLER_ADDRESS}
     * holds a contract, and reads the other contract addresses from the controller: eight reads,
     * sent as one JSON-RPC batch (one round trip instead of eight in a row, which took 0.4-0.9 s of a
     * {@code run} on a loaded machine), or one by one on a node that refuses batches.
     */
    private ChainAddresses readDeployment(Web3Properties properties) {
        List<RemoteFunctionCall<String>> addressReads = List.of(
                controller.getStorageAddress(),
                controller.getPaymentsAddress(),
                controller.getUsersAddress(),
                controller.getMediationAddress(),
                controller.getJobCreatorAddress(),
                controller.getTokenAddress());
        List<Request<?, ? extends Response<String>>> reads = new ArrayList<>();
        reads.add(web3j.ethChainId());
        reads.add(web3j.ethGetCode(properties.controllerAddress(), DefaultBlockParameterName.LATEST));
        for (RemoteFunctionCall<String> read : addressReads) {
            reads.add(web3j.ethCall(
                    Transaction.createEthCallTransaction(
                            address, properties.controllerAddress(), read.encodeFunctionCall()),
                    DefaultBlockParameterName.LATEST));
        }
        List<Response<String>> answers = sendAll("read the chain id and the contract addresses", reads);

        long nodeChainId =
                Numeric.decodeQuantity(checked(answers.get(0)).getResult()).longValueExact();
        if (nodeChainId != properties.chainId()) {
            throw new IllegalStateException(Web3Properties.CHAIN_ID + " is " + properties.chainId()
                    + " but the node at " + properties.redactedRpcUrl() + " is on chain " + nodeChainId);
        }
        String code = checked(answers.get(1)).getResult();
        if (code == null || isEmptyCode(code)) {
            throw new IllegalStateException(Web3Properties.CONTROLLER_ADDRESS + " " + properties.controllerAddress()
                    + " holds no contract on chain " + properties.chainId());
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < addressReads.size(); i++) {
            Response<String> answer = checked(answers.get(2 + i));
            if (answer instanceof EthCall call && call.isReverted()) {
                throw new ChainException(
                        "read the contract addresses: the controller reverted: " + call.getRevertReason());
            }
            List<Type> values = addressReads.get(i).decodeFunctionResponse(answer.getResult());
            if (values.isEmpty()) {
                throw new ChainException("read the contract addresses: the controller answered nothing");
            }
            found.add(values.get(0).getValue().toString());
        }
        return new ChainAddresses(
                properties.controllerAddress(),
                found.get(0),
                found.get(1),
                found.get(2),
                found.get(3),
                found.get(4),
                found.get(5));
    }

    /**
     * The answers to {@code requests} in their order: one batch (retried as a whole, as reads are),
     * else, when the node does not answer a batch with one answer per request, one request at a time.
     */
    private List<Response<String>> sendAll(String what, List<Request<?, ? extends Response<String>>> requests) {
        Optional<List<Response<String>>> batched = rpc.call(what, () -> {
            BatchRequest batch = web3j.newBatch();
            requests.forEach(batch::add);
            BatchResponse answer;
            try {
                answer = batch.send();
            } catch (RuntimeException | IOException e) {
                if (Rpc.isConnectionFailure(e)) throw e;
                log.debug("the node refused a batch ({}): reading one by one", e.getMessage());
                return Optional.<List<Response<String>>>empty();
            }
            return inRequestOrder(requests, answer.getResponses());
        });
        if (batched.isPresent()) return batched.get();
        List<Response<String>> answers = new ArrayList<>();
        for (Request<?, ? extends Response<String>> request : requests) {
            answers.add(rpc.call(what, request::send));
        }
        return answers;
    }

    /** Batch answers may come in any order (JSON-RPC 2.0): matched to their requests by id. */
    private static Optional<List<Response<String>>> inRequestOrder(
            List<Request<?, ? extends Response<String>>> requests, List<? extends Response<?>> answers) {
        if (answers.size() != requests.size()) return Optional.empty();
        Map<Long, Response<String>> byId = new HashMap<>();
        for (Response<?> answer : answers) {
            @SuppressWarnings("unchecked") // each request of the batch answers a Response<String>
            Response<String> typed = (Response<String>) answer;
            byId.put(answer.getId(), typed);
        }
        List<Response<String>> ordered = new ArrayList<>();
        for (Request<?, ?> request : requests) {
            Response<String> answer = byId.get(request.getId());
            if (answer == null) return Optional.empty();
            ordered.add(answer);
        }
        return Optional.of(ordered);
    }

    private static boolean isEmptyCode(String code) {
        return code.equals("0x") || code.isEmpty();
    }
}
