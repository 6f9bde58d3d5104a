package org.coophive.faucet.config;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.coophive.common.config.TokenAmounts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * What the faucet gives and how often, bound from the environment: {@code application.properties}
 * maps each value to its variable and holds its default (the one place defaults are written). Every value is checked here, so a bad one stops startup
 * with a message naming its variable. The faucet's key is not here: it is {@code WEB3_PRIVATE_KEY}
 * in {@link org.coophive.common.chain.Web3Properties}, which redacts it.
 *
 * @param dataDir where the journal of drips lives, which keeps the limits across restarts
 *     ({@code DATA_DIR}, default {@code ./data/faucet})
 * @param ether the ether one drip sends, in ether ({@code FAUCET_ETHER}, default 1; {@code 0} sends none)
 * @param tokens the tokens one drip sends, in tokens ({@code FAUCET_TOKENS}, default 100; {@code 0} sends none)
 * @param window how long an address waits between two drips, and the period of the per-client limit
 *     ({@code FAUCET_WINDOW}, default 24h)
 * @param perClient how many drips one client (remote address) may ask for per window
 *     ({@code FAUCET_PER_CLIENT}, default 5)
 * @param dailyCap how many drips the faucet gives in any 24 hours, to everyone together
 *     ({@code FAUCET_DAILY_CAP}, default 1000)
 * @param gasReserve ether the faucet keeps for the gas of a drip's transactions: it refuses when its
 *     balance is below {@code ether + gasReserve} ({@code FAUCET_GAS_RESERVE}, default 0.01)
 */
@ConfigurationProperties("coophive.faucet")
public record FaucetProperties(
        String dataDir,
        String ether,
        String tokens,
        @DurationUnit(ChronoUnit.SECONDS) Duration window,
        int perClient,
        int dailyCap,
        String gasReserve) {

    public static final String DATA_DIR = "DATA_DIR";
    public static final String ETHER = "FAUCET_ETHER";
    public static final String TOKENS = "FAUCET_TOKENS";
    public static final String WINDOW = "FAUCET_WINDOW";
    public static final String PER_CLIENT = "FAUCET_PER_CLIENT";
    public static final String DAILY_CAP = "FAUCET_DAILY_CAP";
    public static final String GAS_RESERVE = "FAUCET_GAS_RESERVE";

    public FaucetProperties {
        if (dataDir == null || dataDir.isBlank())
            throw new IllegalArgumentException(DATA_DIR + " must name a directory");
        dataDir = dataDir.strip();
        ether = ether == null ? "" : ether.strip();
        tokens = tokens == null ? "" : tokens.strip();
        gasReserve = gasReserve == null ? "" : gasReserve.strip();
        BigInteger etherWei = TokenAmounts.parse(ETHER, ether);
        BigInteger tokenWei = TokenAmounts.parse(TOKENS, tokens);
        TokenAmounts.parse(GAS_RESERVE, gasReserve);
        if (etherWei.signum() == 0 && tokenWei.signum() == 0) {
            throw new IllegalArgumentException(ETHER + " and " + TOKENS + " are both 0: a drip would send nothing");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(WINDOW + " must be a positive duration such as 24h, not " + window);
        }
        if (perClient < 1) throw new IllegalArgumentException(PER_CLIENT + " must be at least 1, not " + perClient);
        if (dailyCap < 1) throw new IllegalArgumentException(DAILY_CAP + " must be at least 1, not " + dailyCap);
    }

    /** The data directory as a path. */
    public Path dataPath() {
        return Path.of(dataDir);
    }

    /** The ether one drip sends (wei). */
    public BigInteger etherWei() {
        return TokenAmounts.parse(ETHER, ether);
    }

    /** The tokens one drip sends (wei). */
    public BigInteger tokenWei() {
        return TokenAmounts.parse(TOKENS, tokens);
    }

    /** The ether kept back for gas (wei). */
    public BigInteger gasReserveWei() {
        return TokenAmounts.parse(GAS_RESERVE, gasReserve);
    }
}
