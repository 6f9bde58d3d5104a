package org.coophive.solver.deals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.solver.ApiFixtures.JOB_CREATOR;
import static org.coophive.solver.ApiFixtures.JOB_CREATOR_SIGNER;
import static org.coophive.solver.ApiFixtures.MEDIATOR;
import static org.coophive.solver.ApiFixtures.MEDIATOR_SIGNER;
import static org.coophive.solver.ApiFixtures.RESOURCE_PROVIDER;
import static org.coophive.solver.ApiFixtures.RESOURCE_PROVIDER_SIGNER;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactions;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.Result;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.contracts.AgreementState;
import org.coophive.solver.ApiFixtures;
import org.coophive.solver.Signed;
import org.coophive.solver.SliceTestConfiguration;
import org.coophive.solver.events.EventBus;
import org.coophive.solver.store.DealFileStore;
import org.coophive.solver.store.DealFilter;
import org.coophive.solver.store.DealStore;
import org.coophive.solver.store.ResultStore;
import org.coophive.solver.web.JsonBodies;
import org.coophive.solver.web.SignedRequests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = DealController.class)
@Import({SliceTestConfiguration.class, DealService.class, SignedRequests.class, JsonBodies.class})
class DealControllerTest {

    private static final String TX = "0x" + "ab".repeat(32);
    private static final String DATA_ID = ContentIds.ofBytes("outputs".getBytes());

    @Autowired
    private MockMvc mvc;

    @Autowired
    private EventBus bus;

    @MockitoBean
    private DealStore deals;

    @MockitoBean
    private ResultStore results;

    @MockitoBean
    private DealFileStore files;

    private final List<SolverEvent> events = new CopyOnWriteArrayList<>();
    private final DealContainer deal = ApiFixtures.deal("");
    private final String path = "/api/v1/deals/" + deal.id();

    @BeforeEach
    void setUp() {
        bus.subscribe(events::add);
        when(deals.find(deal.id())).thenReturn(Optional.of(deal));
    }

    @Test
    void shouldListDealsWithEveryFilterWhenQueried() throws Exception {
        DealFilter filter =
                new DealFilter(JOB_CREATOR, RESOURCE_PROVIDER, MEDIATOR, Optional.of(AgreementState.DEAL_AGREED));
        when(deals.find(filter, new org.coophive.solver.store.Page("", 100))).thenReturn(List.of(deal));

        mvc.perform(get("/api/v1/deals")
                        .param("job_creator", JOB_CREATOR)
                        .param("resource_provider", RESOURCE_PROVIDER)
                        .param("mediator", MEDIATOR)
                        .param("state", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(deal.id()));
    }

    @Test
    void shouldAnswer400WhenTheStateIsNotACode() throws Exception {
        mvc.perform(get("/api/v1/deals").param("state", "DealAgreed"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("state"));
        mvc.perform(get("/api/v1/deals").param("state", "11")).andExpect(status().isBadRequest());
    }

    @Test
    void shouldAnswerTheDealOr404() throws Exception {
        mvc.perform(get(path))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.job_creator").value(JOB_CREATOR));
        mvc.perform(get("/api/v1/deals/" + ContentIds.ofBytes("other".getBytes())))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/not-found"));
        mvc.perform(get("/api/v1/deals/..%2Fetc")).andExpect(status().isNotFound());
    }

    @Test
    void shouldAnswerTheResultOr404WhenNoneWasPosted() throws Exception {
        mvc.perform(get(path + "/result")).andExpect(status().isNotFound());
        Result result = new Result("QmX", deal.id(), DATA_ID, "", 7);
        when(results.find(deal.id())).thenReturn(Optional.of(result));
        mvc.perform(get(path + "/result"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.instruction_count").value(7));
    }

    @Test
    void shouldTellSubscribersThatTheResultIsPostedWhenTheProviderPostsIt() throws Exception {
        mvc.perform(Signed.postJson(path + "/result", new Result("", "", DATA_ID, "", 42), RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isOk());

        assertThat(events).containsExactly(SolverEvent.of(EventType.DEAL_RESULT_POSTED, deal));
    }

    @Test
    void shouldTellNobodyWhenTheResultIsRefused() throws Exception {
        mvc.perform(Signed.postJson(path + "/result", new Result("", "", DATA_ID, "", 1), JOB_CREATOR_SIGNER))
                .andExpect(status().isForbidden());

        assertThat(events).isEmpty();
    }

    @Test
    void shouldStoreTheResultWithItsContentIdWhenTheProviderPostsIt() throws Exception {
        Result posted = new Result("", "", DATA_ID, "", 42);

        mvc.perform(Signed.postJson(path + "/result", posted, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deal_id").value(deal.id()))
                .andExpect(jsonPath("$.data_id").value(DATA_ID));

        Result expected = new Result("", deal.id(), DATA_ID, "", 42);
        verify(results).save(expected.withId(ContentIds.of(expected)));
    }

    @Test
    void shouldAnswer400WhenTheResultNamesAnotherDeal() throws Exception {
        Result posted = new Result("", ContentIds.ofBytes("other".getBytes()), DATA_ID, "", 42);

        mvc.perform(Signed.postJson(path + "/result", posted, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("deal_id"));
        verify(results, never()).save(any());
    }

    @Test
    void shouldAnswer400NamingTheErrorFieldAndStoreNothingWhenTheErrorTextHoldsNulOrIsTooLong() throws Exception {
        for (String error : new String[] {"disk \u0000 full", "e".repeat(5000)}) {
            mvc.perform(Signed.postJson(
                            path + "/result", new Result("", "", DATA_ID, error, 1), RESOURCE_PROVIDER_SIGNER))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-request"))
                    .andExpect(jsonPath("$.errors[0].field").value("error"));
        }
        verify(results, never()).save(any());
    }

    @Test
    void shouldAnswer403WhenTheJobCreatorPostsTheResult() throws Exception {
        mvc.perform(Signed.postJson(path + "/result", new Result("", "", DATA_ID, "", 1), JOB_CREATOR_SIGNER))
                .andExpect(status().isForbidden());
    }

    @Test
    void shouldAnswer404WhenPostingAResultForAnUnknownDeal() throws Exception {
        String unknown = "/api/v1/deals/" + ContentIds.ofBytes("unknown".getBytes()) + "/result";
        mvc.perform(Signed.postJson(unknown, new Result("", "", DATA_ID, "", 1), RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isNotFound());
    }

    @Test
    void shouldAnswer409WhenTheResultDataIdIsNotTheUploadedFiles() throws Exception {
        when(files.find(deal.id())).thenReturn(Optional.of(new DealFileStore.DealFiles(deal.id(), DATA_ID, 10)));
        String other = ContentIds.ofBytes("other outputs".getBytes());

        mvc.perform(Signed.postJson(path + "/result", new Result("", "", other, "", 1), RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(DATA_ID)));
        verify(results, never()).save(any());
    }

    @Test
    void shouldAnswer401WhenTheResultIsUnsigned() throws Exception {
        mvc.perform(post(path + "/result").contentType("application/json").content("{}"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void shouldMergeTheProvidersHashesAndTellSubscribers() throws Exception {
        DealTransactionsResourceProvider reported = new DealTransactionsResourceProvider(TX, "", "", "", "");
        DealContainer updated = withTransactions(new DealTransactions(reported, null, null));
        when(deals.mergeTransactions(deal.id(), new DealTransactions(reported, null, null)))
                .thenReturn(Optional.of(updated));

        mvc.perform(Signed.postJson(path + "/txs/resource_provider", reported, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.transactions.resource_provider.agree").value(TX));

        assertThat(events).containsExactly(SolverEvent.of(EventType.RESOURCE_PROVIDER_TRANSACTIONS_UPDATED, updated));
    }

    @Test
    void shouldMergeTheJobCreatorsHashesWhenTheJobCreatorReportsThem() throws Exception {
        DealTransactionsJobCreator reported = new DealTransactionsJobCreator(TX, "", "", "", "", "");
        DealContainer updated = withTransactions(new DealTransactions(null, reported, null));
        when(deals.mergeTransactions(deal.id(), new DealTransactions(null, reported, null)))
                .thenReturn(Optional.of(updated));

        mvc.perform(Signed.postJson(path + "/txs/job_creator", reported, JOB_CREATOR_SIGNER))
                .andExpect(status().isOk());
        mvc.perform(Signed.postJson(path + "/txs/job_creator", reported, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isForbidden());
    }

    @Test
    void shouldAnswer400WhenAHashIsMalformed() throws Exception {
        DealTransactionsJobCreator reported = new DealTransactionsJobCreator("0x12", "", "", "", "", "");

        mvc.perform(Signed.postJson(path + "/txs/job_creator", reported, JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(org.hamcrest.Matchers.containsString("agree")));
    }

    @Test
    void shouldAnswer403ToTheMediatorWhileNoneIsChosenAnd200Once() throws Exception {
        DealTransactionsMediator reported = new DealTransactionsMediator(TX, "");
        mvc.perform(Signed.postJson(path + "/txs/mediator", reported, MEDIATOR_SIGNER))
                .andExpect(status().isForbidden());

        DealContainer mediated = ApiFixtures.deal(MEDIATOR);
        when(deals.find(mediated.id())).thenReturn(Optional.of(mediated));
        when(deals.mergeTransactions(mediated.id(), new DealTransactions(null, null, reported)))
                .thenReturn(Optional.of(mediated));
        mvc.perform(Signed.postJson("/api/v1/deals/" + mediated.id() + "/txs/mediator", reported, MEDIATOR_SIGNER))
                .andExpect(status().isOk());
    }

    @Test
    void shouldAnswer401WhenHashesAreReportedUnsignedOrReplayed() throws Exception {
        DealTransactionsJobCreator reported = new DealTransactionsJobCreator(TX, "", "", "", "", "");
        when(deals.mergeTransactions(any(), any())).thenReturn(Optional.of(deal));
        mvc.perform(post(path + "/txs/job_creator")
                        .contentType("application/json")
                        .content(Signed.JSON.writeValueAsBytes(reported)))
                .andExpect(status().isUnauthorized());

        var signed = Signed.postJson(path + "/txs/job_creator", reported, JOB_CREATOR_SIGNER);
        mvc.perform(signed).andExpect(status().isOk());
        mvc.perform(signed).andExpect(status().isUnauthorized());
    }

    @Test
    void shouldAnswer404WhenReportingHashesForAnUnknownDeal() throws Exception {
        String unknown = "/api/v1/deals/" + ContentIds.ofBytes("unknown".getBytes()) + "/txs/job_creator";
        mvc.perform(Signed.postJson(unknown, DealTransactionsJobCreator.NONE, JOB_CREATOR_SIGNER))
                .andExpect(status().isNotFound());
    }

    private DealContainer withTransactions(DealTransactions transactions) {
        return new DealContainer(
                deal.id(),
                deal.jobCreator(),
                deal.resourceProvider(),
                deal.jobOffer(),
                deal.resourceOffer(),
                deal.state(),
                deal.deal(),
                transactions,
                deal.mediator());
    }
}
