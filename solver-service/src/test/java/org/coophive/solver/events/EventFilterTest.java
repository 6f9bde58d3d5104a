package org.coophive.solver.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.contracts.AgreementState;
import org.coophive.solver.ApiFixtures;
import org.junit.jupiter.api.Test;

class EventFilterTest {

    private final DealContainer deal = ApiFixtures.deal(ApiFixtures.MEDIATOR);
    private final SolverEvent dealEvent = SolverEvent.of(EventType.DEAL_STATE_UPDATED, deal);
    private final SolverEvent jobEvent = SolverEvent.of(
            EventType.JOB_OFFER_ADDED,
            new JobOfferContainer(
                    deal.jobOffer(),
                    "",
                    ApiFixtures.JOB_CREATOR,
                    AgreementState.DEAL_NEGOTIATING,
                    deal.deal().jobOffer()));
    private final SolverEvent resourceEventInDeal = SolverEvent.of(
            EventType.RESOURCE_OFFER_STATE_UPDATED,
            new ResourceOfferContainer(
                    deal.resourceOffer(),
                    deal.id(),
                    ApiFixtures.RESOURCE_PROVIDER,
                    AgreementState.DEAL_NEGOTIATING,
                    deal.deal().resourceOffer()));

    @Test
    void shouldPassEverythingWhenNoFilterIsGiven() {
        EventFilter filter = EventFilter.parse(null);

        assertThat(filter.accepts(dealEvent)).isTrue();
        assertThat(filter.accepts(jobEvent)).isTrue();
    }

    @Test
    void shouldPassTheEventsOfAPartyWhateverTheCaseOfItsAddress() {
        EventFilter jobCreator = EventFilter.parse("address=" + ApiFixtures.JOB_CREATOR.toLowerCase());
        EventFilter provider = EventFilter.parse("address=" + ApiFixtures.RESOURCE_PROVIDER);

        assertThat(jobCreator.accepts(jobEvent)).isTrue();
        assertThat(jobCreator.accepts(dealEvent)).isTrue();
        assertThat(jobCreator.accepts(resourceEventInDeal)).isFalse();
        assertThat(provider.accepts(jobEvent)).isFalse();
        assertThat(provider.accepts(resourceEventInDeal)).isTrue();
    }

    @Test
    void shouldPassTheDealsEventsToItsChosenMediator() {
        EventFilter mediator = EventFilter.parse("address=" + ApiFixtures.MEDIATOR);

        assertThat(mediator.accepts(dealEvent)).isTrue();
        assertThat(mediator.accepts(jobEvent)).isFalse();
    }

    @Test
    void shouldPassEventsAboutADealAndItsOffersWhenFilteredByDealId() {
        EventFilter byDeal = EventFilter.parse("deal_id=" + deal.id());

        assertThat(byDeal.accepts(dealEvent)).isTrue();
        assertThat(byDeal.accepts(resourceEventInDeal)).isTrue();
        assertThat(byDeal.accepts(jobEvent)).as("an offer not yet in the deal").isFalse();
    }

    @Test
    void shouldPassAnEventMatchingAnyOfRepeatedFilters() {
        EventFilter either = EventFilter.parse(
                "address=" + ApiFixtures.MEDIATOR + "&deal_id=" + deal.id() + "&address=" + ApiFixtures.JOB_CREATOR);

        assertThat(either.accepts(jobEvent)).isTrue();
        assertThat(either.accepts(resourceEventInDeal)).isTrue();
    }

    @Test
    void shouldRefuseMalformedValuesAndUnknownParameters() {
        assertThatThrownBy(() -> EventFilter.parse("address=0x12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x12");
        assertThatThrownBy(() -> EventFilter.parse("deal_id=nope")).hasMessageContaining("nope");
        assertThatThrownBy(() -> EventFilter.parse("party=" + ApiFixtures.MEDIATOR))
                .hasMessageContaining("party");
    }
}
