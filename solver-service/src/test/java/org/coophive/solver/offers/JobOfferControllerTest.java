package org.coophive.solver.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.solver.ApiFixtures.JOB_CREATOR;
import static org.coophive.solver.ApiFixtures.JOB_CREATOR_SIGNER;
import static org.coophive.solver.ApiFixtures.RESOURCE_PROVIDER;
import static org.coophive.solver.ApiFixtures.STRANGER_SIGNER;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.Privileges;
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
import org.coophive.solver.store.JobOfferFilter;
import org.coophive.solver.store.OfferStore;
import org.coophive.solver.store.ResourceOfferFilter;
import org.coophive.solver.web.JsonBodies;
import org.coophive.solver.web.SignedRequests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = JobOfferController.class)
@Import({SliceTestConfiguration.class, OfferService.class, SignedRequests.class, JsonBodies.class})
class JobOfferControllerTest {

    private static final String OFFERS = "/api/v1/job_offers";
    private static final String UNAUTHORIZED = "https://coophive.network/problems/unauthorized";

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
    private final long now = System.currentTimeMillis();
    private final JobOffer offer = ApiFixtures.jobOffer(now);
    private final String id = ContentIds.of(offer);

    @BeforeEach
    void recordEvents() {
        bus.subscribe(events::add);
        when(offers.save(any(JobOfferContainer.class))).thenReturn(true);
        when(deals.openResourceOffers()).thenReturn(Set.of());
    }

    private JobOfferContainer stored(String dealId) {
        return new JobOfferContainer(id, dealId, JOB_CREATOR, AgreementState.DEAL_NEGOTIATING, offer.withId(id));
    }

    @Test
    void shouldStoreTheOfferUnderItsContentIdAndTriggerAPassWhenItsJobCreatorPostsIt() throws Exception {
        mvc.perform(Signed.postJson(OFFERS, offer, JOB_CREATOR_SIGNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.deal_id").value(""))
                .andExpect(jsonPath("$.state").value(0))
                .andExpect(jsonPath("$.job_offer.id").value(id));

        verify(offers).save(stored(""));
        verify(loop).trigger();
        assertThat(events).containsExactly(SolverEvent.of(EventType.JOB_OFFER_ADDED, stored("")));
    }

    @Test
    void shouldReturnTheStoredOfferUnchangedWithoutAnEventWhenItIsPostedAgain() throws Exception {
        // The store keeps the first offer with an id: saving it again changes nothing.
        when(offers.save(any(JobOfferContainer.class))).thenReturn(false);
        when(offers.findJobOffer(id)).thenReturn(Optional.of(stored("QmDeal")));

        mvc.perform(Signed.postJson(OFFERS, offer, JOB_CREATOR_SIGNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deal_id").value("QmDeal"));

        verify(loop, never()).trigger();
        assertThat(events).isEmpty();
    }

    @Test
    void shouldAnswer401WithTheSchemeWhenThePostIsUnsigned() throws Exception {
        mvc.perform(post(OFFERS).contentType(MediaType.APPLICATION_JSON).content(Signed.JSON.writeValueAsBytes(offer)))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "CoopHive-Request-V1"))
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.type").value(UNAUTHORIZED))
                .andExpect(jsonPath("$.instance").value(OFFERS))
                .andExpect(jsonPath("$.detail").value("missing header X-CoopHive-Address"));
        verify(offers, never()).save(any(JobOfferContainer.class));
    }

    @Test
    void shouldAnswer401WhenTheBodyChangedAfterSigning() throws Exception {
        byte[] signedBody = Signed.JSON.writeValueAsBytes(offer);
        var request = Signed.postJson(OFFERS, signedBody, JOB_CREATOR_SIGNER)
                .content(Signed.JSON.writeValueAsBytes(ApiFixtures.jobOffer(now + 1)));

        mvc.perform(request)
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("changed after signing")));
    }

    @Test
    void shouldAnswer401WhenASignedRequestIsReplayed() throws Exception {
        var request = Signed.postJson(OFFERS, offer, JOB_CREATOR_SIGNER);
        mvc.perform(request).andExpect(status().isOk());

        mvc.perform(request)
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("already used")));
    }

    @Test
    void shouldAnswer400WhenTheBodyIsNotJson() throws Exception {
        mvc.perform(Signed.postJson(OFFERS, "{not json".getBytes(StandardCharsets.UTF_8), JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-request"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("the body is not valid JSON")));
    }

    @Test
    void shouldAnswer400WhenTheBodyIsJsonNullOrEmpty() throws Exception {
        mvc.perform(Signed.postJson(OFFERS, "null".getBytes(StandardCharsets.UTF_8), JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest());
        mvc.perform(Signed.postJson(OFFERS, new byte[0], JOB_CREATOR_SIGNER)).andExpect(status().isBadRequest());
        mvc.perform(Signed.postJson(OFFERS, "[]".getBytes(StandardCharsets.UTF_8), JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest());
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenAFieldHasTheWrongType() throws Exception {
        byte[] body = "{\"created_at\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8);

        mvc.perform(Signed.postJson(OFFERS, body, JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("created_at"));
    }

    @Test
    void shouldAnswer400WithOneErrorPerViolationWhenTheOfferIsInvalid() throws Exception {
        JobOffer invalid = new JobOffer(
                "",
                now,
                JOB_CREATOR,
                offer.module(),
                MachineSpec.of(0, -1, 100),
                offer.inputs(),
                offer.mode(),
                offer.pricing(),
                offer.timeouts(),
                new org.coophive.common.model.TrustedParties(ApiFixtures.SOLVER, List.of()));

        mvc.perform(Signed.postJson(OFFERS, invalid, JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(org.hamcrest.Matchers.hasItems("spec.cpu", "trusted_parties.mediator")));
        verify(offers, never()).save(any(JobOfferContainer.class));
    }

    @Test
    void shouldAnswer400NamingTheCapabilityAndStoreNothingWhenTheSpecAsksForOneOffTheList() throws Exception {
        JobOffer sysAdmin = new JobOffer(
                "",
                now,
                JOB_CREATOR,
                offer.module(),
                offer.spec().withPrivileges(new Privileges(true, List.of("SYS_ADMIN"), false)),
                offer.inputs(),
                offer.mode(),
                offer.pricing(),
                offer.timeouts(),
                offer.trustedParties());

        mvc.perform(Signed.postJson(OFFERS, sysAdmin, JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("spec.privileges.capabilities[0]"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value(org.hamcrest.Matchers.startsWith("is SYS_ADMIN, not one of [AUDIT_WRITE, CHOWN,")));
        verify(offers, never()).save(any(JobOfferContainer.class));
        assertThat(events).isEmpty();
    }

    private JobOffer withModuleAndInputs(
            org.coophive.common.model.ModuleConfig module, java.util.Map<String, String> inputs) {
        return new JobOffer(
                "",
                now,
                JOB_CREATOR,
                module,
                offer.spec(),
                inputs,
                offer.mode(),
                offer.pricing(),
                offer.timeouts(),
                offer.trustedParties());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"input value", "input name", "module name"})
    void shouldAnswer400NamingTheFieldAndStoreNothingWhenAStringHoldsANulCharacter(String where) throws Exception {
        var module = where.equals("module name")
                ? org.coophive.common.model.ModuleConfig.shortcut("cow\u0000say:v0.0.1")
                : offer.module();
        java.util.Map<String, String> inputs =
                switch (where) {
                    case "input value" -> java.util.Map.of("Message", "a\u0000b");
                    case "input name" -> java.util.Map.of("Mess\u0000age", "moo");
                    default -> offer.inputs();
                };
        String field =
                switch (where) {
                    case "input value" -> "inputs[Message]";
                    case "input name" -> "inputs[Mess\\u0000age] (name)";
                    default -> "module.name";
                };

        mvc.perform(Signed.postJson(OFFERS, withModuleAndInputs(module, inputs), JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("NUL")));
        verify(offers, never()).save(any(JobOfferContainer.class));
        assertThat(events).isEmpty();
    }

    @Test
    void shouldAnswer400NamingEachFieldWhenStringsAndCollectionsPassTheirLimits() throws Exception {
        java.util.Map<String, String> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 65; i++) many.put("in" + i, "x");
        JobOffer longName = withModuleAndInputs(
                org.coophive.common.model.ModuleConfig.shortcut("m".repeat(300) + ":v1"),
                java.util.Map.of("Message", "y".repeat(20_000)));

        mvc.perform(Signed.postJson(OFFERS, longName, JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(org.hamcrest.Matchers.hasItems("module.name", "inputs[Message]")))
                .andExpect(jsonPath("$.errors[*].message")
                        .value(org.hamcrest.Matchers.hasItem("is 20000 characters long, above the limit of 16384")));
        mvc.perform(Signed.postJson(OFFERS, withModuleAndInputs(offer.module(), many), JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("inputs"))
                .andExpect(jsonPath("$.errors[0].message").value("has 65 inputs, above the limit of 64"));
        verify(offers, never()).save(any(JobOfferContainer.class));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "\"cpu\":1000 | \"cpu\":\"64000\"",
                "\"cpu\":1000 | \"cpu\":64000.5",
                "\"cpu\":1000 | \"cpu\":1e3",
                "\"Message\":\"moo\" | \"Message\":5",
                "\"cpu\":1000 | \"cpu\":1000,\"cpu\":64000",
            })
    void shouldAnswer400AndStoreNothingWhenTheJsonIsLooselyTypedOrRepeatsAMember(String from, String to)
            throws Exception {
        String valid = Signed.JSON.writeValueAsString(offer);
        assertThat(valid).contains(from);
        byte[] loose = valid.replace(from, to).getBytes(StandardCharsets.UTF_8);

        mvc.perform(Signed.postJson(OFFERS, loose, JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-request"));
        verify(offers, never()).save(any(JobOfferContainer.class));
    }

    @Test
    void shouldRefuseBodiesThatAreNotUtf8() throws Exception {
        byte[] utf8 = Signed.JSON.writeValueAsBytes(offer);
        byte[] utf16 = new String(utf8, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
        // The overlong form C0 80 of NUL is not UTF-8.
        byte[] overlongNul = new byte[utf8.length + 1];
        int at = new String(utf8, StandardCharsets.UTF_8).indexOf("moo") + 1;
        System.arraycopy(utf8, 0, overlongNul, 0, at);
        overlongNul[at] = (byte) 0xC0;
        overlongNul[at + 1] = (byte) 0x80;
        System.arraycopy(utf8, at + 1, overlongNul, at + 2, utf8.length - at - 1);

        mvc.perform(Signed.postJson(OFFERS, utf16, JOB_CREATOR_SIGNER)).andExpect(status().isBadRequest());
        mvc.perform(Signed.postJson(OFFERS, overlongNul, JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("the body is not valid UTF-8; send JSON in UTF-8"));
        var latin1 = Signed.sign(
                post(OFFERS).contentType("application/json;charset=ISO-8859-1").content(utf8),
                "POST",
                OFFERS,
                utf8,
                JOB_CREATOR_SIGNER);
        mvc.perform(latin1)
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/unsupported-media-type"));
        verify(offers, never()).save(any(JobOfferContainer.class));
    }

    @Test
    void shouldAnswer400WhenCreatedAtIsOlderThanTheOfferExpiry() throws Exception {
        JobOffer stale = ApiFixtures.jobOffer(now - 2 * 3600_000L);

        mvc.perform(Signed.postJson(OFFERS, stale, JOB_CREATOR_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("created_at"));
        verify(offers, never()).save(any(JobOfferContainer.class));
    }

    @Test
    void shouldReturnTheStoredOfferWhenAnOfferOlderThanTheExpiryIsPostedAgain() throws Exception {
        JobOffer old = ApiFixtures.jobOffer(now - 2 * 3600_000L);
        String oldId = ContentIds.of(old);
        JobOfferContainer stored =
                new JobOfferContainer(oldId, "QmDeal", JOB_CREATOR, AgreementState.DEAL_AGREED, old.withId(oldId));
        when(offers.findJobOffer(oldId)).thenReturn(Optional.of(stored));

        mvc.perform(Signed.postJson(OFFERS, old, JOB_CREATOR_SIGNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deal_id").value("QmDeal"));
        verify(offers, never()).save(any(JobOfferContainer.class));
        assertThat(events).isEmpty();
    }

    @Test
    void shouldAnswer415WhenTheBodyIsNotDeclaredAsJson() throws Exception {
        byte[] body = Signed.JSON.writeValueAsBytes(offer);
        var request = Signed.sign(
                post(OFFERS).contentType(MediaType.TEXT_PLAIN).content(body), "POST", OFFERS, body, JOB_CREATOR_SIGNER);

        mvc.perform(request)
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/unsupported-media-type"));
    }

    @Test
    void shouldAnswer413WhenTheJsonBodyIsOverOneMebibyte() throws Exception {
        byte[] huge = new byte[JsonBodies.LIMIT + 1];
        java.util.Arrays.fill(huge, (byte) ' ');

        mvc.perform(Signed.postJson(OFFERS, huge, JOB_CREATOR_SIGNER))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/payload-too-large"));
    }

    @Test
    void shouldAnswer403WhenTheSignerIsNotTheJobCreator() throws Exception {
        mvc.perform(Signed.postJson(OFFERS, offer, STRANGER_SIGNER))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/forbidden"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(JOB_CREATOR)));
    }

    @Test
    void shouldListWithTheFiltersGivenWhenQueried() throws Exception {
        when(offers.findJobOffers(new JobOfferFilter(JOB_CREATOR, true), new org.coophive.solver.store.Page("", 100)))
                .thenReturn(List.of(stored("")));

        mvc.perform(get(OFFERS).param("job_creator", JOB_CREATOR).param("not_matched", "true"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(id));
    }

    @Test
    void shouldAnswer400WhenAFilterValueIsMalformed() throws Exception {
        mvc.perform(get(OFFERS).param("job_creator", "0x123"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("job_creator"));
        mvc.perform(get(OFFERS).param("not_matched", "yes"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("not_matched"));
    }

    @Test
    void shouldRemoveTheOfferAndTellSubscribersWhenItsJobCreatorWithdrawsIt() throws Exception {
        when(offers.findJobOffer(id)).thenReturn(Optional.of(stored("")));
        when(offers.withdrawJobOffer(id)).thenReturn(true);

        mvc.perform(Signed.deleteSigned(OFFERS + "/" + id, JOB_CREATOR_SIGNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id));

        assertThat(events).containsExactly(SolverEvent.of(EventType.JOB_OFFER_WITHDRAWN, stored("")));
        verify(loop).trigger();
    }

    @Test
    void shouldAnswer404WhenWithdrawingAnUnknownOffer() throws Exception {
        mvc.perform(Signed.deleteSigned(OFFERS + "/" + id, JOB_CREATOR_SIGNER))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/not-found"));
        mvc.perform(Signed.deleteSigned(OFFERS + "/not-an-id", JOB_CREATOR_SIGNER))
                .andExpect(status().isNotFound());
    }

    @Test
    void shouldAnswer403WhenSomeoneElseWithdrawsTheOffer() throws Exception {
        when(offers.findJobOffer(id)).thenReturn(Optional.of(stored("")));

        mvc.perform(Signed.deleteSigned(OFFERS + "/" + id, STRANGER_SIGNER)).andExpect(status().isForbidden());
        verify(offers, never()).withdrawJobOffer(id);
    }

    @Test
    void shouldAnswer409WhenTheOfferToWithdrawIsInADeal() throws Exception {
        when(offers.findJobOffer(id)).thenReturn(Optional.of(stored("QmSomeDeal")));

        mvc.perform(Signed.deleteSigned(OFFERS + "/" + id, JOB_CREATOR_SIGNER))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/conflict"));
        verify(offers, never()).withdrawJobOffer(id);
    }

    @Test
    void shouldAnswer401WhenTheWithdrawalIsUnsigned() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(OFFERS + "/" + id))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void shouldExplainAStoredOfferAgainstEachResourceOffer() throws Exception {
        ResourceOffer small = ApiFixtures.resourceOffer(now);
        small = small.withId(ContentIds.of(small));
        when(offers.findJobOffer(id)).thenReturn(Optional.of(stored("")));
        when(offers.findResourceOffers(new ResourceOfferFilter("", true, false)))
                .thenReturn(List.of(new ResourceOfferContainer(
                        small.id(), "", RESOURCE_PROVIDER, AgreementState.DEAL_NEGOTIATING, small)));

        mvc.perform(get(OFFERS + "/" + id + "/explain"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.job_offer").value(id))
                .andExpect(jsonPath("$.resource_offers[0].resource_offer").value(small.id()))
                .andExpect(jsonPath("$.resource_offers[0].resource_provider").value(RESOURCE_PROVIDER))
                .andExpect(jsonPath("$.resource_offers[0].matches").value(true))
                .andExpect(jsonPath("$.resource_offers[0].failed_rule").value(""));
    }

    @Test
    void shouldNameTheFailedRuleWithoutStoringAnythingWhenAskedForADryRun() throws Exception {
        ResourceOffer small = ApiFixtures.resourceOffer(now);
        small = small.withId(ContentIds.of(small));
        when(offers.findResourceOffers(new ResourceOfferFilter("", true, false)))
                .thenReturn(List.of(new ResourceOfferContainer(
                        small.id(), "", RESOURCE_PROVIDER, AgreementState.DEAL_NEGOTIATING, small)));
        JobOffer greedy = ApiFixtures.jobOffer(now, 4000);

        mvc.perform(post(OFFERS + "/explain")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(Signed.JSON.writeValueAsBytes(greedy)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.job_offer").value(ContentIds.of(greedy)))
                .andExpect(jsonPath("$.resource_offers[0].matches").value(false))
                .andExpect(jsonPath("$.resource_offers[0].failed_rule").value("cpu"))
                .andExpect(jsonPath("$.resource_offers[0].message").value("needs 4000 milli-CPU, offer has 2000"));
        verify(offers, never()).save(any(JobOfferContainer.class));
        assertThat(events).isEmpty();
    }

    @Test
    void shouldAnswer404WhenExplainingAnUnknownOffer() throws Exception {
        mvc.perform(get(OFFERS + "/" + id + "/explain")).andExpect(status().isNotFound());
    }

    @Test
    void shouldAnswer400WhenTheDryRunOfferIsInvalid() throws Exception {
        mvc.perform(post(OFFERS + "/explain")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors").isNotEmpty());
    }

    @Test
    void shouldAnswer405WithAllowWhenTheMethodIsWrong() throws Exception {
        mvc.perform(put(OFFERS))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string("Allow", "GET, POST"))
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/method-not-allowed"));
    }

    @Test
    void shouldAnswer404ProblemWhenTheRouteIsUnknown() throws Exception {
        mvc.perform(get("/api/v1/no_such_thing"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/not-found"))
                .andExpect(jsonPath("$.instance").value("/api/v1/no_such_thing"));
    }

    @Test
    void shouldAllowAnyOriginWhenABrowserReadsTheList() throws Exception {
        mvc.perform(get(OFFERS).header("Origin", "https://example.org"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "*"));
    }
}
