package org.coophive.solver.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.solver.ApiFixtures.JOB_CREATOR_SIGNER;
import static org.coophive.solver.ApiFixtures.RESOURCE_PROVIDER;
import static org.coophive.solver.ApiFixtures.RESOURCE_PROVIDER_SIGNER;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.contracts.AgreementState;
import org.coophive.solver.ApiFixtures;
import org.coophive.solver.Signed;
import org.coophive.solver.SliceTestConfiguration;
import org.coophive.solver.events.EventBus;
import org.coophive.solver.store.DealStore;
import org.coophive.solver.store.OfferStore;
import org.coophive.solver.store.ResourceOfferFilter;
import org.coophive.solver.web.JsonBodies;
import org.coophive.solver.web.SignedRequests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = ResourceOfferController.class)
@Import({SliceTestConfiguration.class, OfferService.class, SignedRequests.class, JsonBodies.class})
class ResourceOfferControllerTest {

    private static final String OFFERS = "/api/v1/resource_offers";

    @Autowired
    private MockMvc mvc;

    @Autowired
    private EventBus bus;

    @MockitoBean
    private OfferStore offers;

    @MockitoBean
    private DealStore deals;

    @MockitoBean
    private PassLoop loop;

    private final List<SolverEvent> events = new CopyOnWriteArrayList<>();
    private final ResourceOffer offer = ApiFixtures.resourceOffer(System.currentTimeMillis());
    private final String id = ContentIds.of(offer);

    @BeforeEach
    void recordEvents() {
        bus.subscribe(events::add);
        when(offers.save(any(ResourceOfferContainer.class))).thenReturn(true);
    }

    private ResourceOfferContainer stored(String dealId) {
        return new ResourceOfferContainer(
                id, dealId, RESOURCE_PROVIDER, AgreementState.DEAL_NEGOTIATING, offer.withId(id));
    }

    @Test
    void shouldStoreTheOfferAndTellSubscribersWhenItsProviderPostsIt() throws Exception {
        mvc.perform(Signed.postJson(OFFERS, offer, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.resource_offer.resource_provider").value(RESOURCE_PROVIDER));

        verify(offers).save(stored(""));
        verify(loop).trigger();
        assertThat(events).containsExactly(SolverEvent.of(EventType.RESOURCE_OFFER_ADDED, stored("")));
    }

    @Test
    void shouldAnswer403WhenTheSignerIsNotTheProvider() throws Exception {
        mvc.perform(Signed.postJson(OFFERS, offer, JOB_CREATOR_SIGNER)).andExpect(status().isForbidden());
        verify(offers, never()).save(any(ResourceOfferContainer.class));
    }

    @Test
    void shouldAnswer401WhenThePostIsUnsigned() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(OFFERS)
                        .contentType("application/json")
                        .content(Signed.JSON.writeValueAsBytes(offer)))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void shouldAnswer400WhenTheBodyIsNotAValidOffer() throws Exception {
        mvc.perform(Signed.postJson(OFFERS, "{\"index\":-1}".getBytes(), RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors").isNotEmpty());
    }

    @Test
    void shouldListActiveUnmatchedOffersOfAProviderWhenFiltered() throws Exception {
        when(offers.findResourceOffers(
                        new ResourceOfferFilter(RESOURCE_PROVIDER, true, true),
                        new org.coophive.solver.store.Page("", 100)))
                .thenReturn(List.of(stored("")));

        mvc.perform(get(OFFERS)
                        .param("resource_provider", RESOURCE_PROVIDER)
                        .param("active", "true")
                        .param("not_matched", "true"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(id));
    }

    @Test
    void shouldAnswer400WhenTheActiveFlagIsNotABoolean() throws Exception {
        mvc.perform(get(OFFERS).param("active", "1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("active"));
    }

    @Test
    void shouldRemoveTheOfferWhenItsProviderWithdrawsIt() throws Exception {
        when(offers.findResourceOffer(id)).thenReturn(Optional.of(stored("")));
        when(offers.withdrawResourceOffer(id)).thenReturn(true);

        mvc.perform(Signed.deleteSigned(OFFERS + "/" + id, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id));

        assertThat(events).containsExactly(SolverEvent.of(EventType.RESOURCE_OFFER_WITHDRAWN, stored("")));
    }

    @Test
    void shouldAnswer409WhenTheOfferWasMatchedJustBeforeTheWithdrawal() throws Exception {
        when(offers.findResourceOffer(id))
                .thenReturn(Optional.of(stored("")))
                .thenReturn(Optional.of(stored("QmJustMatched")));
        when(offers.withdrawResourceOffer(id)).thenReturn(false);

        mvc.perform(Signed.deleteSigned(OFFERS + "/" + id, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isConflict());
        assertThat(events).isEmpty();
    }

    @Test
    void shouldAnswer403And404ForWithdrawalsByOthersOrOfUnknownOffers() throws Exception {
        mvc.perform(Signed.deleteSigned(OFFERS + "/" + id, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isNotFound());
        when(offers.findResourceOffer(id)).thenReturn(Optional.of(stored("")));
        mvc.perform(Signed.deleteSigned(OFFERS + "/" + id, JOB_CREATOR_SIGNER)).andExpect(status().isForbidden());
    }
}
