package org.coophive.faucet.drips;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.chain.TxResult;
import org.coophive.common.chain.Wallet;
import org.coophive.common.config.TokenAmounts;
import org.coophive.common.model.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives drips: checks the address, the limits ({@link DripLedger}) and the faucet's funds, reserves
 * the drip in the journal, then sends the ether and the tokens from the faucet's account.
 *
 * <p>Checking and reserving happen under one lock, so concurrent requests for one address give
 * exactly one drip, and the funds check counts what drips in flight will still take. The
 * transactions are sent outside the lock (the chain client orders nonces), so drips to different
 * addresses overlap.
 */
public final class Faucet {

    private static final Logger log = LoggerFactory.getLogger(Faucet.class);

    private final Wallet chain;
    private final long chainId;
    private final DripLedger ledger;
    private final FaucetMetrics metrics;
    private final BigInteger ether;
    private final BigInteger tokens;
    private final BigInteger gasReserve;
    private final Object dispensing = new Object();

    /** What drips reserved and not yet settled will take from the balances. Guarded by dispensing. */
    private BigInteger etherInFlight = BigInteger.ZERO;

    private BigInteger tokensInFlight = BigInteger.ZERO;

    /**
     * @param ether ether per drip (wei)
     * @param tokens tokens per drip (wei)
     * @param gasReserve ether kept for the gas of a drip (wei)
     */
    public Faucet(
            Wallet chain,
            long chainId,
            DripLedger ledger,
            FaucetMetrics metrics,
            BigInteger ether,
            BigInteger tokens,
            BigInteger gasReserve) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.chainId = chainId;
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ether = Objects.requireNonNull(ether, "ether");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.gasReserve = Objects.requireNonNull(gasReserve, "gasReserve");
    }

    /** What a drip gives, what the faucet holds, its limits. Reads the chain. */
    public FaucetStatus status() {
        Balances held = balances();
        DripLimits limits = ledger.limits();
        return new FaucetStatus(
                chain.address(),
                chainId,
                chain.addresses().token(),
                ether.toString(),
                tokens.toString(),
                held.ether().toString(),
                held.tokens().toString(),
                dripsLeft(held),
                dripsLeft(held) > 0,
                new FaucetStatus.Limits(
                        limits.window().toSeconds(), limits.perClient(), limits.dailyCap(), ledger.dripsLastDay()));
    }

    /**
     * Whether the faucet can pay for a drip: its balances, and the shortfall if it cannot.
     *
     * @return empty when it can; otherwise a message saying what it lacks
     */
    public Optional<String> shortfall() {
        Balances held = balances();
        return dripsLeft(held) > 0 ? Optional.empty() : Optional.of(lowMessage(held));
    }

    /**
     * Sends one drip to {@code address}, asked for by {@code client} (its remote address).
     *
     * @throws InvalidAddressException the address cannot receive a drip; nothing was sent
     * @throws LimitReachedException a limit forbids it; nothing was sent
     * @throws FaucetLowException the faucet holds too little; nothing was sent
     * @throws DripFailedException the chain failed it ({@link DripFailedException#sent()} lists what went out)
     */
    public DripReceipt drip(String address, String client) {
        String recipient = recipient(address);
        DripLedger.Reservation reservation;
        synchronized (dispensing) {
            try {
                ledger.check(recipient, client);
            } catch (LimitReachedException e) {
                metrics.refused(e.limit().code());
                throw e;
            }
            Balances held = balances();
            Balances free = new Balances(
                    held.ether().subtract(etherInFlight), held.tokens().subtract(tokensInFlight));
            if (dripsLeft(free) < 1) {
                metrics.refused("low_funds");
                log.warn("refused a drip to {}: {}", recipient, lowMessage(free));
                throw new FaucetLowException(lowMessage(free));
            }
            reservation = ledger.reserve(recipient, client);
            etherInFlight = etherInFlight.add(ether);
            tokensInFlight = tokensInFlight.add(tokens);
        }
        try {
            return send(reservation, client);
        } finally {
            synchronized (dispensing) {
                etherInFlight = etherInFlight.subtract(ether);
                tokensInFlight = tokensInFlight.subtract(tokens);
            }
        }
    }

    private DripReceipt send(DripLedger.Reservation reservation, String client) {
        String to = reservation.address();
        List<DripReceipt.Transaction> sent = new ArrayList<>();
        String etherTx = null;
        String tokenTx = null;
        try {
            if (ether.signum() > 0) {
                TxResult tx = chain.sendEther(to, ether);
                etherTx = tx.txHash();
                sent.add(new DripReceipt.Transaction("ether", tx.txHash(), tx.blockNumber()));
            }
            if (tokens.signum() > 0) {
                TxResult tx = chain.transferTokens(to, tokens);
                tokenTx = tx.txHash();
                sent.add(new DripReceipt.Transaction("tokens", tx.txHash(), tx.blockNumber()));
            }
        } catch (RuntimeException e) {
            metrics.refused("chain_error");
            // A send cut off with its hash known may still be mined: count it rather than risk a second drip.
            String unknown =
                    e instanceof ChainUnavailableException u ? u.txHash().orElse(null) : null;
            if (unknown != null) {
                boolean wasEther = etherTx == null && ether.signum() > 0;
                sent.add(new DripReceipt.Transaction(wasEther ? "ether" : "tokens", unknown, null));
                if (wasEther) {
                    etherTx = unknown;
                } else {
                    tokenTx = unknown;
                }
            }
            if (sent.isEmpty()) {
                ledger.released(reservation, e.getMessage());
                log.warn("drip {} to {} failed, nothing was sent: {}", reservation.id(), to, e.getMessage());
                throw new DripFailedException(
                        "the chain refused the drip and nothing was sent (" + e.getMessage() + "); try again later",
                        sent,
                        e);
            }
            ledger.sent(reservation, etherTx, tokenTx, e.getMessage());
            log.warn("drip {} to {} failed part way: sent {}, then {}", reservation.id(), to, sent, e.getMessage());
            throw new DripFailedException(
                    "the drip failed part way: sent " + describe(sent) + ", then the chain failed (" + e.getMessage()
                            + "); this counts as your drip",
                    sent,
                    e);
        }
        ledger.sent(reservation, etherTx, tokenTx, null);
        metrics.dripped();
        log.info(
                "drip {} to {} (client {}): {} ether in {}, {} tokens in {}",
                reservation.id(),
                to,
                client,
                TokenAmounts.format(ether),
                etherTx,
                TokenAmounts.format(tokens),
                tokenTx);
        balances(); // the faucet's own, for the metrics
        return DripReceipt.of(
                to, ether, tokens, sent, chain.etherBalanceOf(to), chain.tokenBalanceOf(to), reservation.nextAt());
    }

    /** The address checked: well-formed, EIP-55 if mixed case, not zero, not the faucet, not a contract. */
    private String recipient(String address) {
        String given = address == null ? "" : address.strip();
        if (given.isEmpty()) {
            throw invalid(address, "invalid_address", "enter the address to send to: 0x followed by 40 hex digits");
        }
        Optional<String> error = Addresses.validationError(given);
        if (error.isPresent()) throw invalid(address, "invalid_address", error.get());
        String recipient = Addresses.checksummed(given);
        if (Addresses.isZero(recipient)) {
            throw invalid(
                    address,
                    "invalid_address",
                    "the zero address belongs to nobody: whatever is sent there is lost; enter your wallet's address");
        }
        if (Addresses.equal(recipient, chain.address())) {
            throw invalid(address, "invalid_address", recipient + " is the faucet's own address");
        }
        if (chain.hasCode(recipient)) {
            throw invalid(
                    address,
                    "contract_address",
                    recipient + " is a contract, not a wallet: the faucet sends only to accounts; enter your wallet's"
                            + " address");
        }
        return recipient;
    }

    private InvalidAddressException invalid(String address, String reason, String message) {
        metrics.refused(reason);
        return new InvalidAddressException(address, reason, message);
    }

    private record Balances(BigInteger ether, BigInteger tokens) {}

    private Balances balances() {
        Balances held = new Balances(chain.etherBalanceOf(chain.address()), chain.tokenBalanceOf(chain.address()));
        metrics.balances(held.ether(), held.tokens());
        return held;
    }

    /** How many drips the balances pay for: ether (with gas) and tokens, the smaller. */
    private long dripsLeft(Balances held) {
        BigInteger byEther = held.ether().signum() <= 0
                ? BigInteger.ZERO
                : held.ether().divide(ether.add(gasReserve).max(BigInteger.ONE));
        BigInteger byTokens = tokens.signum() == 0
                ? byEther
                : (held.tokens().signum() <= 0 ? BigInteger.ZERO : held.tokens().divide(tokens));
        return byEther.min(byTokens).min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
    }

    private String lowMessage(Balances held) {
        return "the faucet is running low: it holds "
                + TokenAmounts.format(held.ether().max(BigInteger.ZERO))
                + " ether and " + TokenAmounts.format(held.tokens().max(BigInteger.ZERO)) + " tokens, and a drip needs "
                + TokenAmounts.format(ether) + " ether (+ " + TokenAmounts.format(gasReserve) + " for gas) and "
                + TokenAmounts.format(tokens) + " tokens. Nothing was sent; ask the operator to refill "
                + chain.address();
    }

    private static String describe(List<DripReceipt.Transaction> sent) {
        return sent.stream()
                .map(tx -> tx.asset() + " in " + tx.hash())
                .reduce((a, b) -> a + " and " + b)
                .orElse("nothing");
    }
}
