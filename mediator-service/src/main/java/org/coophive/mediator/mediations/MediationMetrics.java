package org.coophive.mediator.mediations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.coophive.contracts.AgreementState;
import org.coophive.executor.ExecutionResult;

/**
 * The mediator's Micrometer meters (Prometheus: {@code /actuator/prometheus}):
 *
 * <ul>
 *   <li>{@code coophive.mediator.mediations{outcome}}: mediations finished, by how the deal ended
 *       ({@code accepted}, {@code rejected}, {@code timed_out}: the JC or RP claimed the mediate
 *       timeout first, {@code other});
 *   <li>{@code coophive.mediator.mediation.time{outcome}}: from learning of a mediation to its end;
 *   <li>{@code coophive.mediator.reruns{outcome}}: jobs re-run, by how the re-run ended;
 *   <li>{@code coophive.mediator.deferrals}: attempts that could not reach a verdict yet;
 *   <li>{@code coophive.mediator.mediations.open}: mediations not finished yet.
 * </ul>
 */
class MediationMetrics {

    private final MeterRegistry registry;
    private final Counter deferrals;

    MediationMetrics(MeterRegistry registry, Supplier<Number> open) {
        this.registry = registry;
        this.deferrals = Counter.builder("coophive.mediator.deferrals")
                .description("mediation attempts that could not reach a verdict yet")
                .register(registry);
        registry.gauge("coophive.mediator.mediations.open", open, supplier -> supplier.get()
                .doubleValue());
    }

    void finished(AgreementState state, Duration elapsed) {
        String outcome = outcome(state);
        Counter.builder("coophive.mediator.mediations")
                .description("mediations finished, by how the deal ended")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("coophive.mediator.mediation.time")
                .description("time from learning of a mediation to its end")
                .tag("outcome", outcome)
                .register(registry)
                .record(elapsed.isNegative() ? Duration.ZERO : elapsed);
    }

    void rerun(ExecutionResult.Outcome outcome) {
        Counter.builder("coophive.mediator.reruns")
                .description("jobs re-run to check results")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    void deferred() {
        deferrals.increment();
    }

    static String outcome(AgreementState state) {
        return switch (state) {
            case MEDIATION_ACCEPTED -> "accepted";
            case MEDIATION_REJECTED -> "rejected";
            case TIMEOUT_MEDIATE_RESULTS -> "timed_out";
            default -> "other";
        };
    }
}
