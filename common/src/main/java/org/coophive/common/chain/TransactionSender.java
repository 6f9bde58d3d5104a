package org.coophive.common.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.coophive.common.signing.EthereumSignatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthMaxPriorityFeePerGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.utils.Numeric;

/**
 * Sends the transactions of one key: simulate, sign with the next nonce, send, wait for the
 * receipt, check it.
 *
 * <p>Nonces. The {@link FastRawTransactionManager} holds the last nonce used (the signing is
 * {@link EthereumSignatures#signTransaction}'s: the same bytes, without web3j's key recoveries).
 * Signing and sending happen under one lock, so concurrent callers take consecutive nonces in the
 * order their transactions reach the node; waiting for receipts happens outside it, so their waits
 * overlap. The local nonce moves only when the node accepted a transaction, and after anything
 * that may have left it out of step with the node (a refused send, a send whose fate is unknown)
 * it is read again from the node ({@link FastRawTransactionManager#resetNonce()}) before the next
 * send. So a nonce is never used twice and never skipped.
 *
 * <p>Outages. A transaction is signed once; if the node cannot be reached, the same signed bytes
 * are sent again after a backoff, unless the node turns out to have it already (looked up by its
 * hash). The same bytes carry the same nonce, so even a duplicate send could never execute twice.
 * A fresh nonce is used only when the node says the old one is taken and does not know our
 * transaction.
 *
 * <p>Dropped transactions. A node may forget a pending transaction (evicted, restarted). The
 * sender keeps the signed bytes of each transaction until its receipt comes; while waiting it
 * reads the receipt at once after the send, then again on each new block while the node pushes
 * heads ({@link ChainHeads}; at least every {@link #MAX_RECEIPT_POLL}) once the key's count of mined
 * transactions, read once a block for all its waits, passed the nonce; otherwise fast (a
 * millisecond later by default) and slower each time, and every {@link #HEAL_EVERY} it checks that the node
 * still has every unmined transaction of this key. One it lost is sent
 * again as the very same bytes: same nonce, same hash, so at most one can ever be mined, no nonce
 * is left as a gap for later transactions to queue behind, and a caller's journal still names the
 * right hash. A receipt that does not come in time also makes the next send read the nonce from
 * the node again.
 *
 * <p>Replacements. When the node will not take the same bytes back, keeps them underpriced (the
 * base fee rose above their fee cap), or passes them over (blocks mined without them although their
 * nonce is the key's next: {@link #passedOver}), the waiting caller's transaction is replaced: the same nonce,
 * a fee at least 12.5 % higher (see {@link #replaceIfStuck}). The caller's journal hears both hashes;
 * the wait returns the receipt of whichever version is mined, and the others can never be.
 */
final class TransactionSender {

    private static final Logger log = LoggerFactory.getLogger(TransactionSender.class);

    /** Headroom over the node's estimate: state may change between simulation and mining. */
    private static final BigInteger GAS_MARGIN = BigInteger.valueOf(10_000);

    /** The tip offered when the node cannot suggest one (eth_maxPriorityFeePerGas unsupported). */
    private static final BigInteger DEFAULT_PRIORITY_FEE = BigInteger.valueOf(1_000_000_000);

    /** How many times a new nonce is tried when another sender of the same key took ours. */
    private static final int NONCE_ROUNDS = 3;

    /** The slowest receipt polling: the first poll is fast, each next one waits twice as long up to this. */
    static final Duration MAX_RECEIPT_POLL = Duration.ofSeconds(1);

    /** How often a wait for a receipt checks that the node still has this key's unmined transactions. */
    static final Duration HEAL_EVERY = Duration.ofSeconds(2);

    /** How many mined transactions' bytes are kept, to deliver again if the chain rolls them back. */
    static final int REMEMBERED_MINED = 256;

    /** A transaction delivered and not yet seen mined: what is needed to deliver it again unchanged. */
    private record Sent(String function, String hash, String signed, long sentAtBlock) {

        /** One sent when the latest block was not known ({@link #passedOver} counts from when it is seen next). */
        Sent(String function, String hash, String signed) {
            this(function, hash, signed, -1);
        }
    }

    private final Web3j web3j;
    private final long chainId;
    private final ECKeyPair keys;
    private final FastRawTransactionManager nonces;
    private final String from;
    private final Rpc rpc;
    private final ChainClientOptions options;

    /** The client's head watcher: while the node pushes heads, a receipt is read again on each new block. */
    private final ChainHeads heads;

    private final ReentrantLock sendLock = new ReentrantLock(true);

    /** Whether the local nonce must be read from the node before the next send. Guarded by sendLock. */
    private boolean nonceStale = true;

    /** Unmined transactions of this key, by nonce. */
    private final ConcurrentSkipListMap<BigInteger, Sent> unmined = new ConcurrentSkipListMap<>();

    /** The last mined transactions of this key, by nonce (a rollback may bring them back). */
    private final ConcurrentSkipListMap<BigInteger, Sent> mined = new ConcurrentSkipListMap<>();

    /**
     * Unmined transactions of this key whose nonce was seen to be the key's next, by hash: the latest
     * block then ({@link #passedOver}).
     */
    private final Map<String, Long> nextSince = new java.util.concurrent.ConcurrentHashMap<>();

    TransactionSender(
            Web3j web3j,
            long chainId,
            ECKeyPair keys,
            FastRawTransactionManager nonces,
            String from,
            Rpc rpc,
            ChainClientOptions options,
            ChainHeads heads) {
        this.heads = Objects.requireNonNull(heads, "heads");
        this.web3j = web3j;
        this.chainId = chainId;
        this.keys = keys;
        this.nonces = nonces;
        this.from = from;
        this.rpc = rpc;
        this.options = options;
    }

    /**
     * A contract call to send.
     *
     * @param function the contract function, for logs and exceptions
     * @param to the contract
     * @param data the ABI-encoded call
     * @param dealId the deal it concerns, for the log line; may be null
     * @param minGasLimit a floor under the gas limit; may be null
     * @param value the ether (wei) the transaction carries
     */
    record Call(String function, String to, String data, Bytes32 dealId, BigInteger minGasLimit, BigInteger value) {

        Call {
            value = value == null ? BigInteger.ZERO : value;
        }

        /** A call that carries no ether. */
        Call(String function, String to, String data, Bytes32 dealId, BigInteger minGasLimit) {
            this(function, to, data, dealId, minGasLimit, BigInteger.ZERO);
        }
    }

    TxResult send(Call call) {
        Prepared prepared = prepare(call);
        BigInteger gasLimit = prepared.gasLimit();
        String hash = submit(call, gasLimit, prepared.fees(), prepared.block());
        if (call.dealId() != null) {
            log.info("sent {} for deal {} in transaction {}", call.function(), call.dealId(), hash);
        } else {
            log.info("sent {} in transaction {}", call.function(), hash);
        }
        TransactionReceipt receipt = awaitReceipt(call, hash);
        if (!receipt.isStatusOK()) throw failure(call, receipt, gasLimit);
        // The version mined: this one, or a replacement of it (same nonce).
        return new TxResult(
                receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact(), receipt.getGasUsed());
    }

    /**
     * Forgets the local nonce (the next send reads it from the node) and the unmined transactions:
     * after a chain reset they must not be delivered again.
     */
    void resetNonce() {
        sendLock.lock();
        try {
            nonceStale = true;
            unmined.clear();
            mined.clear();
            keptSince.clear();
        } finally {
            sendLock.unlock();
        }
    }

    /** Whether the node refused a batch once (said once in the log). */
    private final java.util.concurrent.atomic.AtomicBoolean batchRefused =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** What a transaction is signed with: its gas limit and its fees. */
    /** A call's gas limit and fees, and the latest block then (-1: not read). */
    private record Prepared(BigInteger gasLimit, Fees fees, long block) {

        Prepared(BigInteger gasLimit, Fees fees) {
            this(gasLimit, fees, -1);
        }
    }

    /**
     * {@link #simulate} and {@link #fees()} in one round trip to the node: the estimate, the latest
     * block and the tip go as one JSON-RPC batch. A node that does not answer a batch one answer
     * per request is asked one request at a time, as before.
     */
    private Prepared prepare(Call call) {
        Request<?, EthEstimateGas> estimate = estimateRequest(call);
        Request<?, EthBlock> block = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false);
        Request<?, EthMaxPriorityFeePerGas> tip = web3j.ethMaxPriorityFeePerGas();
        List<Request<?, ?>> requests = List.of(estimate, block, tip);
        Optional<List<Response<?>>> answers = rpc.call("simulate " + call.function() + " and read the fees", () -> {
            BatchResponse response;
            try {
                response = web3j.newBatch().add(estimate).add(block).add(tip).send();
            } catch (RuntimeException | java.io.IOException e) {
                if (Rpc.isConnectionFailure(e)) throw e;
                if (batchRefused.compareAndSet(false, true)) {
                    log.info("the node refused a batch ({}): simulating and reading the fees one by one", e.toString());
                }
                return Optional.<List<Response<?>>>empty();
            }
            return inRequestOrder(requests, response.getResponses());
        });
        if (answers.isEmpty()
                || !(answers.get().get(0) instanceof EthEstimateGas estimated)
                || !(answers.get().get(1) instanceof EthBlock latest)
                || !(answers.get().get(2) instanceof EthMaxPriorityFeePerGas suggested)) {
            return new Prepared(simulate(call), fees());
        }
        BigInteger gasLimit = gasLimit(call, estimated);
        if (latest.hasError() || latest.getBlock() == null) {
            return new Prepared(gasLimit, fees()); // the block alone again: its error is named there
        }
        String baseFee = latest.getBlock().getBaseFeePerGasRaw();
        if (baseFee == null) return new Prepared(gasLimit, fees());
        BigInteger number = latest.getBlock().getNumber();
        return new Prepared(gasLimit, eip1559(baseFee, suggested), number == null ? -1 : number.longValueExact());
    }

    /** Batch answers may come in any order (JSON-RPC 2.0): matched to their requests by id; empty if one is missing. */
    private static Optional<List<Response<?>>> inRequestOrder(
            List<Request<?, ?>> requests, List<? extends Response<?>> answers) {
        if (answers == null || answers.size() != requests.size()) return Optional.empty();
        Map<Long, Response<?>> byId = new java.util.HashMap<>();
        for (Response<?> answer : answers) byId.put(answer.getId(), answer);
        List<Response<?>> ordered = new ArrayList<>();
        for (Request<?, ?> request : requests) {
            Response<?> answer = byId.get(request.getId());
            if (answer == null) return Optional.empty();
            ordered.add(answer);
        }
        return Optional.of(ordered);
    }

    private Request<?, EthEstimateGas> estimateRequest(Call call) {
        return web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(
                from, null, null, null, call.to(), call.value(), call.data()));
    }

    /**
     * Runs the call on the node's latest state without sending it. A revert ends here, before
     * anything is signed: no gas is spent and the nonce is untouched. Returns the gas limit to use.
     */
    private BigInteger simulate(Call call) {
        EthEstimateGas estimate = rpc.call(
                "simulate " + call.function(), () -> estimateRequest(call).send());
        return gasLimit(call, estimate);
    }

    /** The gas limit for a simulation's answer; a revert (or a refusal) ends the send here, nothing signed. */
    private static BigInteger gasLimit(Call call, EthEstimateGas estimate) {
        if (estimate.hasError()) {
            Response.Error error = estimate.getError();
            Optional<String> revertData = Reverts.revertData(error);
            if (revertData.isPresent()) throw Reverts.exception(call.function(), revertData.get(), null);
            String reason = Reverts.isRevert(error)
                    ? "would revert without a reason (" + error.getMessage() + ")"
                    : "the node refused to simulate it: " + error.getMessage();
            throw new TransactionFailedException(call.function(), reason + "; nothing was sent", null);
        }
        BigInteger estimated = estimate.getAmountUsed();
        BigInteger limit = estimated.add(estimated.shiftRight(1)).add(GAS_MARGIN);
        return call.minGasLimit() != null ? limit.max(call.minGasLimit()) : limit;
    }

    /**
     * What a transaction pays for gas. EIP-1559 where the chain has a base fee: the tip the node
     * suggests and room for the base fee to double. The price paid is then base fee + tip, which
     * does not feed back into the node's suggestion; overpaying a legacy gas price does (each
     * suggestion is drawn from recent payments, so doubling it doubles it again on the next
     * transaction).
     *
     * @param maxPriorityFee the tip; null for a legacy transaction
     * @param maxFee the most paid per gas (the gas price of a legacy transaction)
     */
    record Fees(BigInteger maxPriorityFee, BigInteger maxFee) {}

    private Fees fees() {
        String baseFee = rpc.call("read the latest block", () -> web3j.ethGetBlockByNumber(
                                DefaultBlockParameterName.LATEST, false)
                        .send()
                        .getBlock())
                .getBaseFeePerGasRaw();
        if (baseFee == null) {
            // A chain without EIP-1559: the quoted price, as is (see above for why not more).
            return new Fees(null, rpc.call("read the gas price", () -> web3j.ethGasPrice()
                    .send()
                    .getGasPrice()));
        }
        EthMaxPriorityFeePerGas tip = rpc.call(
                "read the priority fee", () -> web3j.ethMaxPriorityFeePerGas().send());
        return eip1559(baseFee, tip);
    }

    /** The fees on a chain with a base fee: the node's tip (a default if it has none) and room for the base fee to double. */
    private static Fees eip1559(String baseFee, EthMaxPriorityFeePerGas tip) {
        BigInteger priorityFee =
                tip.hasError() || tip.getResult() == null ? DEFAULT_PRIORITY_FEE : tip.getMaxPriorityFeePerGas();
        return new Fees(
                priorityFee, Numeric.decodeQuantity(baseFee).shiftLeft(1).add(priorityFee));
    }

    /** The signed bytes, as web3j's transaction manager would sign them, at a third of its signing cost. */
    private String sign(RawTransaction transaction) {
        return EthereumSignatures.signTransaction(transaction, chainId, keys);
    }

    private enum Delivery {
        ACCEPTED,
        NONCE_TAKEN
    }

    /**
     * Signs with the next nonce and hands the transaction to the node; returns its hash. {@code
     * latestBlock}: the latest block when the call was prepared (-1: not known).
     */
    private String submit(Call call, BigInteger gasLimit, Fees fees, long latestBlock) {
        sendLock.lock();
        try {
            for (int round = 1; ; round++) {
                if (nonceStale) {
                    rpc.call("read the nonce", () -> {
                        nonces.resetNonce();
                        return null;
                    });
                    nonceStale = false;
                }
                BigInteger nonce = nonces.getCurrentNonce().add(BigInteger.ONE);
                log.debug(
                        "signing {} with nonce {}, gas limit {}, max fee {}, tip {}",
                        call.function(),
                        nonce,
                        gasLimit,
                        fees.maxFee(),
                        fees.maxPriorityFee());
                RawTransaction transaction = fees.maxPriorityFee() == null
                        ? RawTransaction.createTransaction(
                                nonce, fees.maxFee(), gasLimit, call.to(), call.value(), call.data())
                        : RawTransaction.createTransaction(
                                chainId,
                                nonce,
                                gasLimit,
                                call.to(),
                                call.value(),
                                call.data(),
                                fees.maxPriorityFee(),
                                fees.maxFee());
                String signed = sign(transaction);
                String hash = Hash.sha3(signed);
                // Before the node sees it: a caller's journal then knows the hash even if we die mid-send.
                options.transactionListener().signed(call.function(), call.dealId(), hash, signed);
                Delivery delivery;
                try {
                    delivery = deliver(call, signed, hash);
                } catch (RuntimeException e) {
                    // Refused, cut off or interrupted: whatever the node now holds, ask it next time.
                    nonceStale = true;
                    throw e;
                }
                if (delivery == Delivery.ACCEPTED) {
                    nonces.setNonce(nonce);
                    unmined.put(nonce, new Sent(call.function(), hash, signed, latestBlock));
                    return hash;
                }
                // Another sender of this key used the nonce, and the node does not know our
                // transaction: it was never accepted, so signing it again with a fresh nonce is safe.
                nonceStale = true;
                if (round >= NONCE_ROUNDS) {
                    throw new TransactionFailedException(
                            call.function(),
                            "nonce " + nonce + " was taken by another sender of this key " + round
                                    + " times; nothing was sent",
                            null);
                }
                log.warn("nonce {} of {} was taken by another sender; signing {} again", nonce, from, call.function());
            }
        } finally {
            sendLock.unlock();
        }
    }

    private Delivery deliver(Call call, String signed, String hash) {
        RetryPolicy policy = rpc.policy();
        for (int attempt = 1; ; attempt++) {
            EthSendTransaction response;
            try {
                response = web3j.ethSendRawTransaction(signed).send();
            } catch (Exception e) {
                if (!Rpc.isConnectionFailure(e)) {
                    throw new ChainException(call.function() + ": sending failed: " + e.getMessage(), e);
                }
                if (attempt >= policy.maxAttempts()) {
                    throw new ChainUnavailableException(
                            call.function() + ": the node did not answer the send of transaction " + hash + " after "
                                    + attempt + " attempts; it may still be mined",
                            e,
                            hash);
                }
                Duration wait = policy.backoff(attempt);
                log.warn(
                        "sending {} in transaction {} failed ({}); looking it up in {} ms before sending it again",
                        call.function(),
                        hash,
                        e.getMessage(),
                        wait.toMillis());
                Rpc.sleep(wait);
                // The send may have reached the node before the connection broke.
                if (isKnown(hash).orElse(false)) return Delivery.ACCEPTED;
                continue;
            }
            if (!response.hasError()) return Delivery.ACCEPTED;
            String message = response.getError().getMessage();
            // The node has these very bytes: sending them again cannot run them twice.
            if (isAlreadyKnown(message)) return Delivery.ACCEPTED;
            // "nonce too low" after an earlier attempt that did get through.
            boolean known = rpc.call("look up transaction " + hash, () -> web3j.ethGetTransactionByHash(hash)
                    .send()
                    .getTransaction()
                    .isPresent());
            if (known) return Delivery.ACCEPTED;
            if (isNonceConflict(message)) return Delivery.NONCE_TAKEN;
            throw new TransactionFailedException(
                    call.function(), "the node refused the transaction: " + message + "; nothing was sent", null);
        }
    }

    /** Whether the node has the transaction (pending or mined); empty when it cannot be asked. */
    private Optional<Boolean> isKnown(String hash) {
        try {
            return Optional.of(
                    web3j.ethGetTransactionByHash(hash).send().getTransaction().isPresent());
        } catch (Exception e) {
            if (Rpc.isConnectionFailure(e)) return Optional.empty();
            throw new ChainException("looking up transaction " + hash + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean isAlreadyKnown(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("already known") || m.contains("known transaction") || m.contains("already imported");
    }

    /**
     * Whether the node refused the transaction because of its nonce: taken by a mined transaction
     * or a pending one of another sender, or ahead of the account's next nonce. Either way this
     * transaction was not accepted and can never be mined with that nonce.
     */
    private static boolean isNonceConflict(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("nonce too low")
                || m.contains("nonce too high")
                || m.contains("invalid nonce")
                || m.contains("replacement transaction underpriced");
    }

    private TransactionReceipt awaitReceipt(Call call, String hash) {
        long started = System.nanoTime();
        long deadline = started + options.receiptTimeout().toNanos();
        long nextHeal = started + HEAL_EVERY.toNanos();
        Duration poll = options.receiptPollInterval();
        int failures = 0;
        // The versions of this transaction (its replacements, same nonce), oldest first: any may be mined.
        List<String> versions = new ArrayList<>(List.of(hash));
        while (true) {
            long headBefore = heads.latestNumber(); // a block mined after this may hold it
            try {
                Optional<TransactionReceipt> receipt =
                        mayBeMined(versions, headBefore) ? receiptOfAny(versions) : Optional.empty();
                if (receipt.isPresent()) {
                    minedNow(receipt.get().getTransactionHash(), versions);
                    return receipt.get();
                }
                failures = 0;
                if (System.nanoTime() > nextHeal) {
                    heal();
                    replaceIfStuck(call, versions);
                    nextHeal = System.nanoTime() + HEAL_EVERY.toNanos();
                }
            } catch (ChainUnavailableException e) {
                failures++;
                log.warn("checking the unmined transactions failed ({}); still waiting", e.getMessage());
            } catch (Exception e) {
                if (!Rpc.isConnectionFailure(e)) {
                    throw new ChainException(
                            call.function() + ": reading the receipt of " + hash + " failed: " + e.getMessage(), e);
                }
                failures++;
                log.warn("reading the receipt of {} failed ({}); still waiting", hash, e.getMessage());
            }
            if (System.nanoTime() > deadline) {
                // Whatever became of it, the local nonce may be out of step with the node now.
                markNonceStale();
                String last = versions.get(versions.size() - 1);
                throw new ChainUnavailableException(
                        call.function() + ": no receipt for transaction " + last + " within " + options.receiptTimeout()
                                + "; it may still be mined",
                        null,
                        last);
            }
            if (failures > 0) {
                Rpc.sleep(rpc.policy().backoff(failures));
            } else if (!awaitNewerHead(headBefore)) {
                Rpc.sleep(poll);
                poll = nextPoll(poll);
            }
        }
    }

    /**
     * Waits for a block newer than {@code number}, at most {@link #MAX_RECEIPT_POLL} (so a heal is
     * at most that late): a transaction is mined in a new block, so its receipt is read once per
     * block rather than on a timer. False at once while the node does not push heads.
     */
    private boolean awaitNewerHead(long number) {
        try {
            return heads.awaitNewer(number, MAX_RECEIPT_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException("interrupted while waiting for a receipt", e);
        }
    }

    /**
     * Whether a version of the transaction may be mined by the head {@code head}: while the node
     * pushes heads, only once the key's count of mined transactions passed the nonce. The count is
     * read once per head for all the key's waits (a service waiting for many transactions asks
     * once a block, not once a block for each); without heads, or for a version not known here,
     * always.
     */
    private boolean mayBeMined(List<String> versions, long head) throws java.io.IOException {
        if (head < 0 || !heads.pushed()) return true;
        BigInteger nonce = null;
        for (var entry : unmined.entrySet()) {
            if (versions.contains(entry.getValue().hash())) nonce = entry.getKey();
        }
        return nonce == null || minedCount(head).compareTo(nonce) > 0;
    }

    /**
     * The key's count of mined transactions, read again once a newer head came (or the last read is
     * older than {@link #MAX_RECEIPT_POLL}: a socket gone quiet must not stop the waits). One wait
     * reads it; the others waking on the same head wait for that read (parked, no lock held over
     * the call).
     */
    private BigInteger minedCount(long head) throws java.io.IOException {
        while (true) {
            CountRead last = minedCount.get();
            long now = System.nanoTime();
            if (last != null
                    && head <= last.head()
                    && now - last.readAt() <= MAX_RECEIPT_POLL.toNanos()
                    && !last.value().isCompletedExceptionally()) {
                return last.join();
            }
            CountRead mine = new CountRead(head, now, new CompletableFuture<>());
            if (!minedCount.compareAndSet(last, mine)) continue;
            try {
                var response = web3j.ethGetTransactionCount(from, DefaultBlockParameterName.LATEST)
                        .send();
                if (response.hasError()) {
                    throw new java.io.IOException("reading the mined nonce failed: "
                            + response.getError().getMessage());
                }
                mine.value().complete(response.getTransactionCount());
            } catch (java.io.IOException | RuntimeException e) {
                mine.value().completeExceptionally(e);
            }
            return mine.join();
        }
    }

    /** One read of {@link #minedCount}: the head it was read at, when, its value (once read). */
    private record CountRead(long head, long readAt, CompletableFuture<BigInteger> value) {

        BigInteger join() throws java.io.IOException {
            try {
                return value.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof java.io.IOException io) throw io;
                if (e.getCause() instanceof RuntimeException runtime) throw runtime;
                throw e;
            }
        }
    }

    private final AtomicReference<CountRead> minedCount = new AtomicReference<>();

    /** The receipt of whichever version of a transaction was mined (one call while there is one version). */
    private Optional<TransactionReceipt> receiptOfAny(List<String> versions) throws java.io.IOException {
        for (int i = versions.size() - 1; i >= 0; i--) {
            Optional<TransactionReceipt> receipt =
                    web3j.ethGetTransactionReceipt(versions.get(i)).send().getTransactionReceipt();
            if (receipt.isPresent()) return receipt;
        }
        return Optional.empty();
    }

    /** {@link #minedNow(String)} for the version mined; the other versions (same nonce) can never be. */
    private void minedNow(String minedHash, List<String> versions) {
        for (var entry : unmined.entrySet()) {
            if (versions.contains(entry.getValue().hash())
                    && !entry.getValue().hash().equals(minedHash)) {
                unmined.remove(entry.getKey(), entry.getValue());
            }
        }
        minedNow(minedHash);
    }

    /**
     * Replacement with a gas bump: the last version of a transaction this thread waits for is signed
     * again with the same nonce and a higher fee when the node dropped it and did not take it back
     * ({@link #heal} tried the same bytes first), or when it sits in the pool underpriced (its fee
     * cap below the latest block's base fee; for a legacy transaction, its price below the node's
     * quote). The fee is the node's current one, and at least 12.5 % more than
     * before (nodes accept a replacement only with a bump, geth 10 %). The caller's journal hears the
     * replacement with the hash it replaces before the node gets it ({@link
     * TransactionListener#replaced}); both versions share the nonce, so at most one is mined, and
     * the wait accepts whichever is.
     */
    private void replaceIfStuck(Call call, List<String> versions) {
        String replacement = replaceIfStuck(call.function(), call.dealId(), versions.get(versions.size() - 1));
        if (replacement != null) versions.add(replacement);
    }

    /**
     * The replacement itself, for a live wait ({@link #replaceIfStuck(Call, List)}) and for a
     * journaled transaction after a restart ({@link #replaceKeptIfStuck}): {@code last}, one of
     * this key's unmined transactions, is signed again from its own bytes (the same call, nonce and
     * gas limit) with bumped fees when the node dropped it and did not take it back, or keeps it
     * underpriced. Returns the replacement's hash, or null when nothing was sent.
     */
    private String replaceIfStuck(String function, Bytes32 dealId, String last) {
        sendLock.lock();
        try {
            Map.Entry<BigInteger, Sent> entry = unmined.entrySet().stream()
                    .filter(e -> e.getValue().hash().equals(last))
                    .findFirst()
                    .orElse(null);
            if (entry == null) return null; // mined meanwhile (or its nonce used): the receipt poll finds out
            Optional<Boolean> known = isKnown(last);
            if (known.isEmpty()) return null; // the node does not answer: ask again at the next check
            RawTransaction previous = TransactionDecoder.decode(entry.getValue().signed());
            Fees paid = feesOf(previous);
            Fees market = fees();
            boolean underpriced = paid.maxPriorityFee() == null
                    ? paid.maxFee().compareTo(market.maxFee()) < 0
                    : paid.maxFee().compareTo(baseFeeOf(market)) < 0;
            BigInteger nonce = entry.getKey();
            boolean passedOver = known.get()
                    && !underpriced
                    && passedOver(last, nonce, entry.getValue().sentAtBlock());
            if (known.get() && !underpriced && !passedOver) return null;
            Fees bumped = bump(paid, market);
            RawTransaction replacement = bumped.maxPriorityFee() == null
                    ? RawTransaction.createTransaction(
                            nonce,
                            bumped.maxFee(),
                            previous.getGasLimit(),
                            previous.getTo(),
                            previous.getValue(),
                            previous.getData())
                    : RawTransaction.createTransaction(
                            chainId,
                            nonce,
                            previous.getGasLimit(),
                            previous.getTo(),
                            previous.getValue(),
                            previous.getData(),
                            bumped.maxPriorityFee(),
                            bumped.maxFee());
            String signed = sign(replacement);
            String hash = Hash.sha3(signed);
            // Before the node sees it, as for the first version: a journal then knows both hashes.
            options.transactionListener().replaced(function, dealId, last, hash, signed);
            EthSendTransaction response =
                    rpc.call("send a replacement of " + last, () -> web3j.ethSendRawTransaction(signed)
                            .send());
            if (response.hasError() && !isAlreadyKnown(response.getError().getMessage())) {
                // Most likely one version was mined meanwhile (nonce too low): the receipt poll finds it.
                log.warn(
                        "{} transaction {} (nonce {}) {}; the node refused its replacement {}: {}",
                        function,
                        last,
                        nonce,
                        passedOver ? "is passed over" : known.get() ? "is underpriced" : "was dropped",
                        hash,
                        response.getError().getMessage());
                return null;
            }
            unmined.replace(nonce, entry.getValue(), new Sent(function, hash, signed));
            nextSince.remove(last);
            log.warn(
                    "{} transaction {} (nonce {}) {}: replaced it by {} with max fee {} and tip {} (was {} and {})",
                    function,
                    last,
                    nonce,
                    passedOver
                            ? "is passed over: " + PASSED_OVER_BLOCKS
                                    + " blocks were mined without it, its nonce this key's next"
                            : known.get() ? "is underpriced" : "was dropped and not taken back",
                    hash,
                    bumped.maxFee(),
                    bumped.maxPriorityFee(),
                    paid.maxFee(),
                    paid.maxPriorityFee());
            return hash;
        } finally {
            sendLock.unlock();
        }
    }

    /** How many blocks mined without a transaction whose nonce is its key's next make it passed over. */
    static final int PASSED_OVER_BLOCKS = 2;

    /**
     * Whether the node keeps {@code hash}, a transaction of this key it knows and whose fee covers
     * the base fee, out of the blocks it mines although its nonce is the key's next: {@value
     * #PASSED_OVER_BLOCKS} or more blocks were mined since it was sent. A
     * tip too low for a busy chain does that, and so does Anvil now and then under load (it keeps
     * such a transaction queued, and every later one of the key behind it, for ever: a job creator
     * sending agrees and accepts from many lanes stalled the whole network so). A replacement with
     * bumped fees is taken afresh. Counted from the latest block when it was sent (it may have waited
     * behind this key's earlier transactions then: a bump a block or two early at worst), else from
     * when it was first seen next. Two reads, at most every {@link #HEAL_EVERY}. Called under sendLock.
     */
    private boolean passedOver(String hash, BigInteger nonce, long sentAtBlock) {
        BigInteger next =
                rpc.call("read the nonce", () -> web3j.ethGetTransactionCount(from, DefaultBlockParameterName.LATEST)
                        .send()
                        .getTransactionCount());
        if (!nonce.equals(next)) {
            nextSince.remove(hash);
            return false;
        }
        long block = rpc.call(
                        "read the latest block number",
                        () -> web3j.ethBlockNumber().send().getBlockNumber())
                .longValueExact();
        long since = sentAtBlock >= 0 ? sentAtBlock : nextSince.computeIfAbsent(hash, h -> block);
        return block - since >= PASSED_OVER_BLOCKS;
    }

    /** What {@link #redeliverKept} and {@link #replaceKeptIfStuck} call a journaled transaction. */
    private static final String KEPT = "journaled";

    /**
     * Journaled transactions of this key looked up after a restart and found pending, by hash: when
     * this sender first saw each (its replacement is due {@link #HEAL_EVERY} later, as for a live one).
     */
    private final Map<String, Long> keptSince = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Replacement after a restart: a journal found its step's transaction ({@code hash}, the
     * version it sent last, with its kept bytes) pending, and this sender, restarted since, does not
     * wait for it. The first lookup adopts it as one of this key's unmined transactions; a lookup
     * {@link #HEAL_EVERY} or more later replaces it exactly as a live wait would ({@link
     * #replaceIfStuck(String, Bytes32, String)}: the same nonce, bumped fees, only when the node
     * dropped it for good or keeps it underpriced), the journal hearing the replacement with the
     * hash it replaces ({@link TransactionListener#replaced}) before the node gets it. A transaction
     * a live wait of this process is waiting for is left to it. Returns the replacement's hash, or
     * null when nothing was sent.
     *
     * @param function the step's contract function, as the journal knows it
     * @param dealId the deal the step is for; null for a step outside a deal
     */
    String replaceKeptIfStuck(String function, Bytes32 dealId, String hash, String signedTransaction) {
        BigInteger nonce = TransactionDecoder.decode(signedTransaction).getNonce();
        sendLock.lock();
        try {
            keptSince.keySet().removeIf(kept -> unminedByHash(kept).isEmpty());
            Optional<Sent> known = unminedByHash(hash);
            Long since = keptSince.get(hash);
            if (since == null) {
                // One this process sent and waits for: its wait replaces it when needed.
                if (known.isPresent() && !KEPT.equals(known.get().function())) return null;
                if (known.isEmpty()
                        && unmined.putIfAbsent(nonce, new Sent(function, hash, signedTransaction)) != null) {
                    return null; // another version of this nonce is on its way
                }
                keptSince.put(hash, System.nanoTime());
                return null;
            }
            if (System.nanoTime() - since < HEAL_EVERY.toNanos()) return null;
            String replacement = replaceIfStuck(function, dealId, hash);
            if (replacement != null) {
                keptSince.remove(hash);
                keptSince.put(replacement, System.nanoTime());
            }
            return replacement;
        } finally {
            sendLock.unlock();
        }
    }

    private Optional<Sent> unminedByHash(String hash) {
        return unmined.values().stream().filter(s -> s.hash().equals(hash)).findFirst();
    }

    /**
     * What a replacement offers at least, in thousandths of the replaced fees: 12.5 % more (geth
     * requires 10 %, on the tip and the fee cap).
     */
    private static final BigInteger REPLACEMENT_BUMP = BigInteger.valueOf(1_125);

    /** What a signed transaction offers: its tip and fee cap, or its gas price when legacy. */
    private static Fees feesOf(RawTransaction transaction) {
        if (transaction.getTransaction() instanceof Transaction1559 dynamic) {
            return new Fees(dynamic.getMaxPriorityFeePerGas(), dynamic.getMaxFeePerGas());
        }
        return new Fees(null, transaction.getGasPrice());
    }

    /** The base fee {@link #fees()} read (its fee cap is twice the base fee plus the tip). */
    private static BigInteger baseFeeOf(Fees market) {
        return market.maxFee().subtract(market.maxPriorityFee()).shiftRight(1);
    }

    /**
     * The fees of a replacement: each the larger of the market's and the old one raised by the bump
     * (rounded up); of the kind of the old transaction.
     */
    static Fees bump(Fees paid, Fees market) {
        BigInteger maxFee = raised(paid.maxFee()).max(market.maxFee());
        if (paid.maxPriorityFee() == null) return new Fees(null, maxFee);
        BigInteger marketTip = market.maxPriorityFee() == null ? BigInteger.ZERO : market.maxPriorityFee();
        BigInteger tip = raised(paid.maxPriorityFee()).max(marketTip);
        return new Fees(tip, maxFee.max(tip));
    }

    private static BigInteger raised(BigInteger fee) {
        BigInteger[] parts = fee.multiply(REPLACEMENT_BUMP).divideAndRemainder(BigInteger.valueOf(1_000));
        return parts[1].signum() == 0 ? parts[0] : parts[0].add(BigInteger.ONE);
    }

    /** Moves a transaction seen mined from the unmined ones to the remembered mined ones. */
    private void minedNow(String hash) {
        nextSince.remove(hash);
        for (var entry : unmined.entrySet()) {
            if (entry.getValue().hash().equals(hash) && unmined.remove(entry.getKey(), entry.getValue())) {
                mined.put(entry.getKey(), entry.getValue());
            }
        }
        while (mined.size() > REMEMBERED_MINED) mined.pollFirstEntry();
    }

    /**
     * Called for a hash the node knows neither mined nor pending. When it is one of this key's
     * mined transactions, the chain's history changed under it (a reorganisation or rollback):
     * the same bytes are delivered again (same nonce, so at most one of them is ever mined), and
     * the local nonce is read from the node again before the next send. Returns whether the
     * transaction is on its way again.
     */
    boolean restore(String hash) {
        Map.Entry<BigInteger, Sent> found = mined.entrySet().stream()
                .filter(entry -> entry.getValue().hash().equals(hash))
                .findFirst()
                .orElse(null);
        if (found == null) return false;
        sendLock.lock();
        try {
            nonceStale = true;
            Sent sent = found.getValue();
            mined.remove(found.getKey(), sent);
            log.warn(
                    "{} transaction {} (nonce {}) is no longer in the chain: the chain's history changed; sending it"
                            + " again unchanged",
                    sent.function(),
                    hash,
                    found.getKey());
            unmined.put(found.getKey(), sent);
            if (redeliver(found.getKey(), sent)) return true;
            unmined.remove(found.getKey(), sent);
            return false;
        } finally {
            sendLock.unlock();
        }
    }

    private void markNonceStale() {
        sendLock.lock();
        try {
            nonceStale = true;
        } finally {
            sendLock.unlock();
        }
    }

    /** The wait before the next receipt poll: twice the last, at most {@link #MAX_RECEIPT_POLL}. */
    static Duration nextPoll(Duration last) {
        if (last.compareTo(MAX_RECEIPT_POLL) >= 0) return last;
        Duration doubled = last.multipliedBy(2);
        return doubled.compareTo(MAX_RECEIPT_POLL) > 0 ? MAX_RECEIPT_POLL : doubled;
    }

    /**
     * Delivers again, unchanged, every unmined transaction of this key the node no longer has, lowest
     * nonce first, and forgets those whose nonce is used on chain. Returns whether {@code hash} (may
     * be null) is one of this key's transactions still on its way.
     */
    boolean heal(String hash) {
        if (unmined.isEmpty()) return false;
        sendLock.lock();
        try {
            BigInteger mined = rpc.call(
                    "read the mined nonce", () -> web3j.ethGetTransactionCount(from, DefaultBlockParameterName.LATEST)
                            .send()
                            .getTransactionCount());
            unmined.headMap(mined).clear();
            boolean onItsWay = false;
            for (var entry : unmined.entrySet()) {
                Sent sent = entry.getValue();
                if (isKnown(sent.hash()).orElse(true) || redeliver(entry.getKey(), sent)) {
                    onItsWay |= sent.hash().equals(hash);
                }
            }
            return onItsWay;
        } finally {
            sendLock.unlock();
        }
    }

    private void heal() {
        heal(null);
    }

    /**
     * Delivers again a transaction of this key a journal kept the signed bytes of (after a restart
     * this sender does not remember it). Returns whether the node took them: false when their
     * nonce is used, so they can never be mined.
     */
    boolean redeliverKept(String hash, String signedTransaction) {
        BigInteger nonce = TransactionDecoder.decode(signedTransaction).getNonce();
        sendLock.lock();
        try {
            Sent kept = new Sent(KEPT, hash, signedTransaction);
            unmined.put(nonce, kept);
            if (redeliver(nonce, kept)) {
                nonceStale = true;
                return true;
            }
            unmined.remove(nonce, kept);
            return false;
        } finally {
            sendLock.unlock();
        }
    }

    /** The gas of a plain ether transfer, what an empty transaction to oneself costs. */
    private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

    /**
     * Makes a transaction of this key with {@code nonce} executable: every lower nonce the node has
     * no transaction for (a transaction lost before a restart, whose bytes this sender never had
     * or forgot) gets one, the remembered bytes where this sender still has them, otherwise an
     * empty transaction to itself. The lost transaction's nonce is then used, so it can never be
     * mined any more: a journal that finds its hash unknown may take its step again safely. Returns
     * whether a gap was found.
     */
    boolean fillGapBelow(BigInteger nonce) {
        sendLock.lock();
        try {
            BigInteger next = rpc.call("read the pending nonce", () -> web3j.ethGetTransactionCount(
                            from, DefaultBlockParameterName.PENDING)
                    .send()
                    .getTransactionCount());
            if (next.compareTo(nonce) >= 0) return false;
            Fees fees = fees();
            for (BigInteger gap = next; gap.compareTo(nonce) < 0; gap = gap.add(BigInteger.ONE)) {
                Sent ours = unmined.get(gap);
                if (ours != null && redeliver(gap, ours)) continue;
                RawTransaction empty = fees.maxPriorityFee() == null
                        ? RawTransaction.createEtherTransaction(gap, fees.maxFee(), TRANSFER_GAS, from, BigInteger.ZERO)
                        : RawTransaction.createEtherTransaction(
                                chainId,
                                gap,
                                TRANSFER_GAS,
                                from,
                                BigInteger.ZERO,
                                fees.maxPriorityFee(),
                                fees.maxFee());
                String signed = sign(empty);
                String hash = Hash.sha3(signed);
                BigInteger filled = gap;
                EthSendTransaction response = rpc.call("fill nonce " + gap, () -> web3j.ethSendRawTransaction(signed)
                        .send());
                if (response.hasError() && !isAlreadyKnown(response.getError().getMessage())) {
                    throw new ChainException("filling the lost nonce " + filled + " of " + from + " failed: "
                            + response.getError().getMessage());
                }
                log.warn(
                        "nonce {} of {} was lost (a transaction dropped before a restart) and held up nonce {}: filled"
                                + " it with an empty transaction {}",
                        gap,
                        from,
                        nonce,
                        hash);
            }
            nonceStale = true;
            return true;
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends a dropped transaction's bytes again; whether the node took them. */
    private boolean redeliver(BigInteger nonce, Sent sent) {
        EthSendTransaction response =
                rpc.call("send transaction " + sent.hash() + " again", () -> web3j.ethSendRawTransaction(sent.signed())
                        .send());
        if (!response.hasError() || isAlreadyKnown(response.getError().getMessage())) {
            // The node has it only from now: blocks mined before did not pass it over.
            unmined.replace(nonce, sent, new Sent(sent.function(), sent.hash(), sent.signed()));
            nextSince.remove(sent.hash());
            log.warn(
                    "the node dropped {} transaction {} (nonce {}); sent it again unchanged",
                    sent.function(),
                    sent.hash(),
                    nonce);
            return true;
        }
        String message = response.getError().getMessage();
        if (isNonceConflict(message)) {
            // The nonce is used (by this transaction, mined meanwhile, or another of this key): it cannot run.
            unmined.remove(nonce, sent);
            nonceStale = true;
        }
        log.warn(
                "the node dropped {} transaction {} (nonce {}) and refused it again: {}",
                sent.function(),
                sent.hash(),
                nonce,
                message);
        return false;
    }

    /**
     * Explains a mined transaction that failed: replays it on the state of its block to read the
     * revert data (the state that made it fail, such as a competing transaction mined first).
     */
    private ChainException failure(Call call, TransactionReceipt receipt, BigInteger gasLimit) {
        String hash = receipt.getTransactionHash();
        BigInteger block = receipt.getBlockNumber();
        EthCall replay = rpc.call("replay " + call.function(), () -> web3j.ethCall(
                        Transaction.createFunctionCallTransaction(
                                from, null, null, gasLimit, call.to(), call.value(), call.data()),
                        DefaultBlockParameter.valueOf(block))
                .send());
        Optional<String> revertData = replay.hasError()
                ? Reverts.revertData(replay.getError())
                : Optional.ofNullable(replay.getValue()).filter(v -> replay.isReverted() && v.length() >= 10);
        if (revertData.isPresent()) return Reverts.exception(call.function(), revertData.get(), hash);
        if (receipt.getGasUsed().compareTo(gasLimit) >= 0) {
            return new TransactionFailedException(
                    call.function(), "ran out of gas in block " + block + " (used all " + gasLimit + ")", hash);
        }
        return new TransactionFailedException(
                call.function(), "failed in block " + block + " without a revert reason", hash);
    }
}
