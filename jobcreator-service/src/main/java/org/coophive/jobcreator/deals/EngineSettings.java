package org.coophive.jobcreator.deals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.model.DealTimeouts;

/**
 * What the engine needs to know beyond its collaborators.
 *
 * @param parties the solver and mediators this job creator trusts ({@code SERVICE_*})
 * @param pricing what it offers to pay ({@code PRICING_*}); the deal may not ask more
 * @param timeouts the deadlines it offers ({@code TIMEOUT_*}); the deal's are checked against them
 * @param mediationChance the share of jobs, 0-100, whose results are checked by a mediator
 *     instead of accepted ({@code MEDIATION_CHANCE})
 * @param matchTimeout how long an offer may wait for a match before the job ends as not matched
 * @param dataDir where results are downloaded and unpacked
 * @param maxDownloadAttempts after this many failed downloads the results count as unusable and
 *     are checked by a mediator
 * @param adoptDeals whether deals of this address that this process did not offer are finished
 *     here (the daemon: yes; a one-shot run: no)
 */
public record EngineSettings(
        ServiceParties parties,
        PricingOptions pricing,
        DealTimeouts timeouts,
        int mediationChance,
        Duration matchTimeout,
        Path dataDir,
        int maxDownloadAttempts,
        boolean adoptDeals) {

    public static final String MEDIATION_CHANCE = "MEDIATION_CHANCE";

    public EngineSettings {
        Objects.requireNonNull(parties, "parties");
        Objects.requireNonNull(pricing, "pricing");
        Objects.requireNonNull(timeouts, "timeouts");
        if (mediationChance < 0 || mediationChance > 100) {
            throw new IllegalArgumentException(
                    MEDIATION_CHANCE + " must be between 0 and 100 (percent of jobs), not " + mediationChance);
        }
        Objects.requireNonNull(matchTimeout, "matchTimeout");
        if (matchTimeout.isNegative() || matchTimeout.isZero()) {
            throw new IllegalArgumentException("the match timeout must be positive, not " + matchTimeout);
        }
        Objects.requireNonNull(dataDir, "dataDir");
        if (maxDownloadAttempts < 1) throw new IllegalArgumentException("maxDownloadAttempts must be at least 1");
    }

    /** These settings with another mediation chance. */
    public EngineSettings withMediationChance(int chance) {
        return new EngineSettings(
                parties, pricing, timeouts, chance, matchTimeout, dataDir, maxDownloadAttempts, adoptDeals);
    }

    /** These settings with another match timeout. */
    public EngineSettings withMatchTimeout(Duration timeout) {
        return new EngineSettings(
                parties, pricing, timeouts, mediationChance, timeout, dataDir, maxDownloadAttempts, adoptDeals);
    }

    /** These settings with deal adoption on or off. */
    public EngineSettings withAdoptDeals(boolean adopt) {
        return new EngineSettings(
                parties, pricing, timeouts, mediationChance, matchTimeout, dataDir, maxDownloadAttempts, adopt);
    }
}
