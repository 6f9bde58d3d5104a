package org.coophive.jobcreator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import org.coophive.jobcreator.deals.Job;
import org.coophive.jobcreator.deals.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@WebMvcTest(controllers = JobController.class, properties = "coophive.jobcreator.api-token=s3cret-token")
@Import(JobControllerTest.Jobs.class)
class JobControllerTest {

    static final String AUTH = "Bearer s3cret-token";

    @TestConfiguration
    static class Jobs {
        @Bean
        StubJobs stubJobs() {
            return new StubJobs();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    StubJobs jobs;

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void reset() {
        jobs.reset();
    }

    @Test
    void shouldAnswer400WhenAnInputIsNull() throws Exception {
        mvc.perform(post("/api/v1/jobs")
                        .header("Authorization", AUTH)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":null}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("inputs must be strings")));
    }

    private Job submitted() throws Exception {
        return jobs.submit(org.coophive.jobcreator.deals.JobRequest.of(
                "cowsay:v0.0.1",
                org.coophive.common.model.ModuleConfig.shortcut("cowsay:v0.0.1"),
                java.util.Map.of(),
                org.coophive.jobcreator.deals.JobSource.API));
    }

    @Test
    void shouldRefuseWith401WhenNoTokenIsGiven() throws Exception {
        mvc.perform(get("/api/v1/jobs"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/unauthorized"))
                .andExpect(jsonPath("$.status").value(401));
    }

    @Test
    void shouldRefuseWith401WhenTheTokenIsWrong() throws Exception {
        mvc.perform(get("/api/v1/jobs").header("Authorization", "Bearer guess"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("the bearer token is not valid"));
    }

    @Test
    void shouldAcceptAJobAndPointToItWhenSubmitted() throws Exception {
        mvc.perform(post("/api/v1/jobs")
                        .header("Authorization", AUTH)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":\"moo\"},"
                                + "\"limits\":{\"max_payment_collateral\":\"3\"}}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/v1/jobs/job-1"))
                .andExpect(jsonPath("$.id").value("job-1"))
                .andExpect(jsonPath("$.status").value("ACTIVE"))
                .andExpect(jsonPath("$.phases[0].phase").value("SUBMITTED"));
        assertThat(jobs.submitted).singleElement().satisfies(request -> {
            assertThat(request.inputs()).containsEntry("Message", "moo");
            assertThat(request.maxPaymentCollateral()).isEqualTo(new java.math.BigInteger("3000000000000000000"));
            assertThat(request.moduleConfig().name()).isEqualTo("cowsay:v0.0.1");
        });
    }

    @Test
    void shouldAnswer400WhenTheModuleIsMissing() throws Exception {
        mvc.perform(post("/api/v1/jobs")
                        .header("Authorization", AUTH)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-request"))
                .andExpect(jsonPath("$.detail").value(containsString("module is required")));
    }

    @Test
    void shouldAnswer400WhenTheBodyIsNotJson() throws Exception {
        mvc.perform(post("/api/v1/jobs")
                        .header("Authorization", AUTH)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{module"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"));
    }

    @Test
    void shouldRefuseLooseJsonWith400NamingTheFieldAndStoreNothing() throws Exception {
        String[][] cases = {
            // body, the field named ("" for the body as a whole), what the detail says
            {"{\"module\":5}", "module", "String"},
            {"{\"module\":true}", "module", "String"},
            {"{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":5}}", "inputs.Message", "String"},
            {"{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":1e3}}", "inputs.Message", "String"},
            {
                "{\"module\":\"cowsay:v0.0.1\",\"limits\":{\"max_payment_collateral\":30}}",
                "limits.max_payment_collateral",
                "String"
            },
            {
                "{\"module\":\"cowsay:v0.0.1\",\"module\":\"evil.example/x/y:v1\"}",
                "",
                "Duplicate Object property \"module\""
            },
            {
                "{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"M\":\"a\",\"M\":\"b\"}}",
                "",
                "Duplicate Object property \"M\""
            },
            {"null", "", "JSON null"},
            {"{\"module\":\"cowsay:v0.0.1\",\"limits\":\"cheap\"}", "limits", "`Limits`"},
            {"{\"module\":[\"cowsay:v0.0.1\"]}", "module", "`String`"},
        };
        for (String[] c : cases) {
            var result = mvc.perform(post("/api/v1/jobs")
                            .header("Authorization", AUTH)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(c[0]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType("application/problem+json"))
                    .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-request"))
                    .andExpect(jsonPath("$.detail").value(containsString(c[2])))
                    .andExpect(jsonPath("$.detail").value(not(containsString("java."))))
                    .andExpect(jsonPath("$.detail").value(not(containsString("org.coophive"))));
            if (!c[1].isEmpty()) result.andExpect(jsonPath("$.errors[0].field").value(c[1]));
        }
        assertThat(jobs.submitted).isEmpty();
    }

    @Test
    void shouldRefuseBodiesThatAreNotUtf8() throws Exception {
        String json = "{\"module\":\"cowsay:v0.0.1\"}";
        // Another charset declared: 415, whatever the bytes.
        for (String charset : new String[] {"UTF-16", "ISO-8859-1", "\"utf-32\""}) {
            mvc.perform(post("/api/v1/jobs")
                            .header("Authorization", AUTH)
                            .contentType("application/json; charset=" + charset)
                            .content(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentType("application/problem+json"))
                    .andExpect(jsonPath("$.type").value("https://coophive.network/problems/unsupported-media-type"))
                    .andExpect(jsonPath("$.detail").value(containsString("send application/json in UTF-8")));
        }
        // Declared UTF-8 (or nothing) but not UTF-8: an overlong '/' and a UTF-16 body are 400.
        byte[] overlong = "{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"M\":\"a\u00c0\u00afb\"}}"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (byte[] body : new byte[][] {overlong, json.getBytes(java.nio.charset.StandardCharsets.UTF_16)}) {
            mvc.perform(post("/api/v1/jobs")
                            .header("Authorization", AUTH)
                            .contentType("application/json;charset=utf-8")
                            .content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-request"))
                    .andExpect(jsonPath("$.detail").value(containsString("not valid UTF-8")));
        }
        // The same job in UTF-8 is taken.
        mvc.perform(post("/api/v1/jobs")
                        .header("Authorization", AUTH)
                        .contentType("application/json;charset=UTF-8")
                        .content(json))
                .andExpect(status().isAccepted());
        assertThat(jobs.submitted).hasSize(1);
    }

    @Test
    void shouldAnswer400WhenTheModuleReferenceIsMalformed() throws Exception {
        mvc.perform(post("/api/v1/jobs")
                        .header("Authorization", AUTH)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"module\":\"cowsay\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("expected name:version")));
    }

    @Test
    void shouldAnswer400WhenTheModuleCannotBeLoaded() throws Exception {
        mvc.perform(post("/api/v1/jobs")
                        .header("Authorization", AUTH)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"module\":\"nope:v1\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-job"))
                .andExpect(jsonPath("$.detail").value(containsString("unknown module nope")));
    }

    @Test
    void shouldAnswer400NamingTheLimitWhenALimitIsNotAnAmount() throws Exception {
        mvc.perform(post("/api/v1/jobs")
                        .header("Authorization", AUTH)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"module\":\"cowsay:v0.0.1\",\"limits\":{\"max_instruction_price\":\"cheap\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("limits.max_instruction_price")));
    }

    @Test
    void shouldListJobsWhenAsked() throws Exception {
        submitted();
        mvc.perform(get("/api/v1/jobs").header("Authorization", AUTH))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value("job-1"))
                .andExpect(jsonPath("$[0].module").value("cowsay:v0.0.1"));
    }

    @Test
    void shouldShowPhasesAndDealWhenAJobIsFetched() throws Exception {
        Job job = submitted();
        jobs.advance(job.id(), Phase.OFFER_POSTED, "QmOffer");

        mvc.perform(get("/api/v1/jobs/" + job.id()).header("Authorization", AUTH))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deal_id").value("QmDeal"))
                .andExpect(jsonPath("$.phases[1].phase").value("OFFER_POSTED"))
                .andExpect(jsonPath("$.phases[1].label").value("offer posted"));
    }

    @Test
    void shouldAnswer404WhenTheJobIsUnknown() throws Exception {
        mvc.perform(get("/api/v1/jobs/nope").header("Authorization", AUTH))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/not-found"));
        mvc.perform(get("/api/v1/jobs/nope/results").header("Authorization", AUTH))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/jobs/nope/events").header("Authorization", AUTH))
                .andExpect(status().isNotFound());
    }

    @Test
    void shouldAnswer409WhenTheResultsAreNotDownloadedYet() throws Exception {
        Job job = submitted();
        mvc.perform(get("/api/v1/jobs/" + job.id() + "/results").header("Authorization", AUTH))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/results-not-ready"));
    }

    @Test
    void shouldServeTheResultTarWhenDownloaded() throws Exception {
        Job job = submitted();
        Path tar = Files.write(dir.resolve("r.tar"), new byte[] {1, 2, 3});
        jobs.withResult(job.id(), tar);

        mvc.perform(get("/api/v1/jobs/" + job.id() + "/results").header("Authorization", AUTH))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/x-tar"))
                .andExpect(content().bytes(new byte[] {1, 2, 3}));
    }

    @Test
    void shouldStreamEveryPhaseAndEndWhenTheJobFinishes() throws Exception {
        Job job = submitted();
        jobs.advance(job.id(), Phase.OFFER_POSTED, "QmOffer");

        MvcResult stream = mvc.perform(
                        get("/api/v1/jobs/" + job.id() + "/events").header("Authorization", AUTH))
                .andExpect(request().asyncStarted())
                .andReturn();
        jobs.advance(job.id(), Phase.MATCHED, "deal QmDeal");
        jobs.advance(job.id(), Phase.FINISHED, "SUCCEEDED");

        mvc.perform(asyncDispatch(stream)).andExpect(status().isOk());
        String body = stream.getResponse().getContentAsString();
        assertThat(body)
                .contains("id:0", "id:1", "id:2", "id:3", "event:phase")
                .contains(
                        "\"phase\":\"SUBMITTED\"",
                        "\"phase\":\"OFFER_POSTED\"",
                        "\"phase\":\"MATCHED\"",
                        "\"phase\":\"FINISHED\"");
        assertThat(body.indexOf("OFFER_POSTED")).isLessThan(body.indexOf("MATCHED"));
        assertThat(jobs.listeners).isEmpty();
    }
}
