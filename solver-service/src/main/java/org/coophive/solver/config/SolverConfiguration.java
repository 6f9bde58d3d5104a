package org.coophive.solver.config;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SolverProperties.class)
class SolverConfiguration {

    /** The solver's time: offer expiry, signature windows. Tests swap it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
