package org.coophive.resourceprovider.deals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.Test;

class DealTriggersTest {

    private final AtomicInteger triggers = new AtomicInteger();
    private final org.coophive.common.solver.SolverEventListener listener =
            DealTriggers.solverListener(ProviderHarness.RP.toLowerCase(), triggers::incrementAndGet);

    private static DealContainer dealOf(String resourceProvider) {
        return new DealContainer(
                "", DevAccounts.jobCreator().address(), resourceProvider, "", "", null, null, null, "");
    }

    @Test
    void shouldTriggerAPassWhenOneOfItsDealsChanges() {
        listener.onEvent(SolverEvent.of(EventType.DEAL_ADDED, dealOf(ProviderHarness.RP)));

        assertThat(triggers.get()).isEqualTo(1);
    }

    @Test
    void shouldNotTriggerWhenAnotherProvidersDealChanges() {
        listener.onEvent(SolverEvent.of(
                EventType.DEAL_STATE_UPDATED, dealOf(DevAccounts.directory().address())));

        assertThat(triggers.get()).isZero();
    }

    @Test
    void shouldTriggerAPassWhenTheStreamReconnects() {
        listener.onConnected();

        assertThat(triggers.get()).isEqualTo(1);
    }
}
