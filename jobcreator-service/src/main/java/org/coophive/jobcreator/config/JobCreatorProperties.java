package org.coophive.jobcreator.config;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.coophive.common.config.TokenAmounts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The daemon's own settings (the {@code WEB3_*}, {@code SERVICE_*}, {@code PRICING_*} and
 * {@code TIMEOUT_*} groups are read by common's records). {@code application.properties} maps each
 * to its variable and holds the defaults; {@code run} binds the same ({@link JobCreatorEnvironment}).
 *
 * @param dataDir {@code DATA_DIR}: jobs, downloads, results, the chain cursor
 * @param mediationChance {@code MEDIATION_CHANCE} / {@code --mediation-chance}, 0-100
 * @param matchTimeout {@code JOBCREATOR_MATCH_TIMEOUT}: how long an offer waits for a match
 * @param passInterval {@code JOBCREATOR_PASS_INTERVAL}: the reconciler's period when no event comes
 * @param downloadAttempts {@code JOBCREATOR_DOWNLOAD_ATTEMPTS}: failed downloads before the results count as unusable
 * @param apiEnabled {@code JOBCREATOR_API_ENABLED}: serve the job REST API
 * @param apiToken {@code JOBCREATOR_API_TOKEN}: the bearer token the API requires (required when it is on)
 * @param onChainEnabled {@code JOBCREATOR_ONCHAIN_ENABLED}: take jobs from the on-chain job creator
 * @param onChainDeposit {@code JOBCREATOR_ONCHAIN_DEPOSIT}: what a contract pays per job, in tokens (or {@code wei})
 */
@ConfigurationProperties("coophive.jobcreator")
public record JobCreatorProperties(
        Path dataDir,
        int mediationChance,
        @DurationUnit(ChronoUnit.SECONDS) Duration matchTimeout,
        @DurationUnit(ChronoUnit.SECONDS) Duration passInterval,
        int downloadAttempts,
        boolean apiEnabled,
        String apiToken,
        boolean onChainEnabled,
        String onChainDeposit) {

    public JobCreatorProperties {
        if (dataDir == null) throw new IllegalArgumentException("DATA_DIR must name a directory");
        if (mediationChance < 0 || mediationChance > 100) {
            throw new IllegalArgumentException(
                    "MEDIATION_CHANCE must be between 0 and 100 (percent of jobs), not " + mediationChance);
        }
        if (matchTimeout == null || matchTimeout.isZero() || matchTimeout.isNegative()) {
            throw new IllegalArgumentException("JOBCREATOR_MATCH_TIMEOUT must be positive, not " + matchTimeout);
        }
        if (passInterval == null || passInterval.isZero() || passInterval.isNegative()) {
            throw new IllegalArgumentException("JOBCREATOR_PASS_INTERVAL must be positive, not " + passInterval);
        }
        if (downloadAttempts < 1) {
            throw new IllegalArgumentException(
                    "JOBCREATOR_DOWNLOAD_ATTEMPTS must be at least 1, not " + downloadAttempts);
        }
        apiToken = apiToken == null ? "" : apiToken.strip();
        if (apiEnabled && apiToken.isEmpty()) {
            throw new IllegalArgumentException("JOBCREATOR_API_TOKEN is required while the job API is on: set a long"
                    + " random bearer token, or JOBCREATOR_API_ENABLED=false");
        }
        onChainDeposit = onChainDeposit == null || onChainDeposit.isBlank() ? "2" : onChainDeposit.strip();
        if (TokenAmounts.parse("JOBCREATOR_ONCHAIN_DEPOSIT", onChainDeposit).signum() <= 0) {
            throw new IllegalArgumentException("JOBCREATOR_ONCHAIN_DEPOSIT must be positive, not " + onChainDeposit);
        }
    }

    /** The on-chain deposit in wei. */
    public BigInteger onChainDepositWei() {
        return TokenAmounts.parse("JOBCREATOR_ONCHAIN_DEPOSIT", onChainDeposit);
    }

    /** The token without its value, for logs. */
    @Override
    public String toString() {
        return "JobCreatorProperties[dataDir=" + dataDir + ", mediationChance=" + mediationChance + ", matchTimeout="
                + matchTimeout + ", passInterval=" + passInterval + ", apiEnabled=" + apiEnabled
                + ", apiToken=<redacted>, onChainEnabled=" + onChainEnabled + ", onChainDeposit=" + onChainDeposit
                + "]";
    }
}
