package org.coophive.faucet.health;

import java.util.Optional;
import org.coophive.common.health.TimedHealthIndicator;
import org.coophive.faucet.drips.Faucet;
import org.coophive.faucet.drips.FaucetStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of the faucet ({@code /actuator/health}): {@code chain}, the node answers; {@code funds},
 * the faucet holds enough for a drip and its gas (DOWN, with what it lacks, when it would refuse).
 * Each answers within two seconds.
 */
@Configuration(proxyBeanMethods = false)
class FaucetHealthConfiguration {

    @Bean
    HealthIndicator fundsHealthIndicator(Faucet faucet) {
        return new TimedHealthIndicator(TimedHealthIndicator.DEADLINE, () -> {
            FaucetStatus status = faucet.status();
            if (status.available()) {
                return Health.up()
                        .withDetail("ether_balance", status.etherBalance())
                        .withDetail("token_balance", status.tokenBalance())
                        .withDetail("drips_left", status.dripsLeft());
            }
            Optional<String> shortfall = faucet.shortfall();
            return Health.down().withDetail("error", shortfall.orElse("the faucet holds too little for a drip"));
        });
    }
}
