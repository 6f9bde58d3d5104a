package org.coophive.solver.web;

import java.time.Clock;
import org.coophive.common.signing.RequestVerifier;
import org.coophive.solver.store.JdbcNonceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Signed requests are checked against nonces kept in the database, so a request replayed after a
 * restart is still refused; expired nonces are purged every minute.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SigningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SigningConfiguration.class);

    @Bean
    RequestVerifier requestVerifier(JdbcNonceStore nonces, Clock clock) {
        return new RequestVerifier(nonces, clock);
    }

    @Bean
    NoncePurge noncePurge(JdbcNonceStore nonces) {
        return new NoncePurge(nonces);
    }

    /** Forgets nonces whose requests can no longer be replayed (their timestamp left the window). */
    static final class NoncePurge {
        private final JdbcNonceStore nonces;

        NoncePurge(JdbcNonceStore nonces) {
            this.nonces = nonces;
        }

        @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
        void purge() {
            try {
                int purged = nonces.purgeExpired();
                log.debug("purged {} expired nonces", purged);
            } catch (RuntimeException e) {
                // A missed purge only leaves rows for the next one; the solver carries on.
                log.warn("cannot purge expired nonces: {}", e.toString());
            }
        }
    }
}
