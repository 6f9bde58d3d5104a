package org.coophive.saas.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * How saas-api runs, bound from {@code SAAS_*}. Durations take a unit ({@code 500ms}, {@code 15m});
 * a number alone is seconds, as in every service.
 *
 * @param databaseUrl a JDBC URL ({@code SAAS_DATABASE_URL}); empty starts an embedded PostgreSQL
 *     in {@code dataDir/postgres}
 * @param dataDir the service's data folder ({@code SAAS_DATA_DIR}): users' files, module cache,
 *     the embedded database
 * @param signupCredits credits a new account starts with ({@code SAAS_SIGNUP_CREDITS})
 * @param adminEmails accounts with these e-mail addresses are administrators ({@code SAAS_ADMIN_EMAILS})
 * @param solverUrl the solver's URL, to tell whether a GPU provider is online ({@code SAAS_SOLVER_URL}, optional)
 * @param pollInterval how often running jobs are read from the job creator daemon ({@code SAAS_JOB_POLL_INTERVAL})
 * @param loginAttempts failed logins allowed per account within {@code loginWindow}; a client
 *     address gets four times as many ({@code SAAS_LOGIN_ATTEMPTS})
 * @param loginWindow the window of the login throttle ({@code SAAS_LOGIN_WINDOW})
 */
@ConfigurationProperties("coophive.saas")
public record SaasProperties(
        String databaseUrl,
        @DefaultValue("./data/saas") Path dataDir,
        @DefaultValue("10") long signupCredits,
        List<String> adminEmails,
        String solverUrl,
        @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("5") int loginAttempts,
        @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("15m") Duration loginWindow) {

    public SaasProperties {
        databaseUrl = databaseUrl == null ? "" : databaseUrl.strip();
        dataDir = dataDir == null ? Path.of("./data/saas") : dataDir;
        adminEmails = adminEmails == null
                ? List.of()
                : adminEmails.stream()
                        .map(e -> e.strip().toLowerCase(Locale.ROOT))
                        .filter(e -> !e.isEmpty())
                        .toList();
        solverUrl = solverUrl == null ? "" : solverUrl.strip();
        if (signupCredits < 0) {
            throw new IllegalArgumentException("SAAS_SIGNUP_CREDITS must not be negative: " + signupCredits);
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("SAAS_JOB_POLL_INTERVAL must be positive");
        }
        if (loginAttempts < 1) throw new IllegalArgumentException("SAAS_LOGIN_ATTEMPTS must be at least 1");
    }

    public Path filesDir() {
        return dataDir.resolve("files");
    }

    public Path moduleCacheDir() {
        return dataDir.resolve("modules");
    }

    public Path embeddedDatabaseDir() {
        return dataDir.resolve("postgres");
    }
}
