package org.coophive.saas.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.coophive.common.testing.Await;
import org.coophive.saas.credits.CreditLedger;
import org.coophive.saas.testing.FakeJobCreatorDaemon;
import org.coophive.saas.testing.SaasTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobsApiTest extends SaasTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    CreditLedger ledger;

    @Autowired
    JdbcTemplate jdbc;

    private JsonNode json(String body) {
        return JSON.readTree(body);
    }

    private String submitCowsay(User user, String message) {
        var response =
                post(user, "/api/v1/jobs", "{\"module\":\"cowsay\",\"inputs\":{\"Message\":\"" + message + "\"}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).startsWith("/api/v1/jobs/"));
        return json(response.body()).path("id").asString();
    }

    private JsonNode awaitJob(User user, String id, String status) {
        Await.until(Duration.ofSeconds(20), "job " + id + " " + status, () -> json(get(user, "/api/v1/jobs/" + id)
                        .body())
                .path("status")
                .asString()
                .equals(status));
        return json(get(user, "/api/v1/jobs/" + id).body());
    }

    @Test
    void shouldRunCowsayAndShowStdoutReceiptAndFilesWhenTheDaemonSucceeds() throws Exception {
        User user = newUser();
        String message = "moo-" + UUID.randomUUID();

        String id = submitCowsay(user, message);
        assertThat(ledger.balance(user.id())).isEqualTo(9);
        FakeJobCreatorDaemon.Job daemonJob = DAEMON.jobWithInput("Message", message);
        assertThat(daemonJob.module).isEqualTo("cowsay:v0.0.1");
        DAEMON.advance(daemonJob);
        Await.until(Duration.ofSeconds(20), "deal id", () -> !json(get(user, "/api/v1/jobs/" + id)
                        .body())
                .path("receipt")
                .path("deal_id")
                .asString()
                .isEmpty());
        DAEMON.finish(daemonJob, "SUCCEEDED", " _____\n< " + message + " >\n", null);
        JsonNode job = awaitJob(user, id, "FINISHED");

        assertThat(job.path("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("stdout").asString()).contains("< " + message + " >");
        assertThat(job.path("refunded").asBoolean()).isFalse();
        JsonNode receipt = job.path("receipt");
        assertThat(receipt.path("deal_id").asString()).isEqualTo(daemonJob.dealId);
        assertThat(receipt.path("job_offer_id").asString()).isEqualTo(daemonJob.offerId);
        assertThat(receipt.path("provider").asString()).startsWith("0x15d3");
        assertThat(receipt.path("data_id").asString()).startsWith("Qm");
        assertThat(receipt.path("cost_tokens").asString()).isEqualTo("1");
        assertThat(receipt.path("transactions").toString()).contains("agree").contains("acceptResult");
        assertThat(job.path("phases").size()).isGreaterThanOrEqualTo(5);
        assertThat(job.path("files").toString()).contains("stdout").contains("outputs/image-42.png");
        var image = get(user, "/api/v1/jobs/" + id + "/files/outputs/image-42.png");
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        var listing = get(user, "/api/v1/files?path=results/" + id);
        assertThat(listing.body()).contains("\"read_only\":true").contains("stdout");
        assertThat(ledger.balance(user.id())).isEqualTo(9);
    }

    @Test
    void shouldRefundWhenNoResourceOfferMatches() throws Exception {
        User user = newUser();
        String message = "nomatch-" + UUID.randomUUID();
        String id = submitCowsay(user, message);

        DAEMON.finish(DAEMON.jobWithInput("Message", message), "NO_MATCH", null, null);
        JsonNode job = awaitJob(user, id, "FINISHED");

        assertThat(job.path("outcome").asString()).isEqualTo("NO_MATCH");
        assertThat(job.path("refunded").asBoolean()).isTrue();
        assertThat(job.path("state").asString()).isEqualTo("no match (refunded)");
        assertThat(ledger.balance(user.id())).isEqualTo(10);
        assertThat(ledger.entries(user.id(), 10)).extracting(e -> e.kind()).containsExactly("REFUND", "DEBIT", "GRANT");
    }

    @Test
    void shouldNotRefundWhenTheJobFailedInsideItsContainer() throws Exception {
        User user = newUser();
        String message = "fail-" + UUID.randomUUID();
        String id = submitCowsay(user, message);

        DAEMON.finish(DAEMON.jobWithInput("Message", message), "JOB_FAILED", "oops", null);
        JsonNode job = awaitJob(user, id, "FINISHED");

        assertThat(job.path("refunded").asBoolean()).isFalse();
        assertThat(ledger.balance(user.id())).isEqualTo(9);
    }

    @Test
    void shouldEndAsErrorAndRefundWhenTheDaemonLostTheJob() {
        User user = newUser();
        String message = "lost-" + UUID.randomUUID();
        String id = submitCowsay(user, message);

        DAEMON.forget(DAEMON.jobWithInput("Message", message));
        JsonNode job = awaitJob(user, id, "FINISHED");

        assertThat(job.path("outcome").asString()).isEqualTo("ERROR");
        assertThat(ledger.balance(user.id())).isEqualTo(10);
    }

    @Test
    void shouldRefundAndAnswer503WhenTheDaemonRefusesTheJob() {
        User user = newUser();
        DAEMON.refuseSubmissions(true);
        try {
            var response = post(user, "/api/v1/jobs", "{\"module\":\"cowsay\",\"inputs\":{\"Message\":\"x\"}}");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(ledger.balance(user.id())).isEqualTo(10);
        } finally {
            DAEMON.refuseSubmissions(false);
        }
    }

    @Test
    void shouldRefuseWith402AndStoreNothingWhenCreditsDoNotCoverTheCost() {
        User user = newUser();
        for (int i = 0; i < 2; i++) {
            assertThat(post(user, "/api/v1/jobs", "{\"module\":\"sdxl\",\"inputs\":{\"Prompt\":\"a bee\"}}")
                            .statusCode())
                    .isEqualTo(202);
        }
        int before = DAEMON.submissions();

        var response = post(user, "/api/v1/jobs", "{\"module\":\"sdxl\",\"inputs\":{\"Prompt\":\"a bee\"}}");

        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(json(response.body()).path("type").asString()).endsWith("/insufficient-credits");
        assertThat(json(response.body()).path("balance").asLong()).isZero();
        assertThat(DAEMON.submissions()).isEqualTo(before);
        assertThat(json(get(user, "/api/v1/jobs").body()).path("total").asLong())
                .isEqualTo(2);
        assertThat(ledger.balance(user.id())).isZero();
    }

    @Test
    void shouldNotOverspendWhenSubmissionsRace() throws Exception {
        User user = newUser(); // 10 credits, sdxl costs 5: two of the racing submissions can pay.
        int racers = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        var start = new java.util.concurrent.CountDownLatch(1);
        var statuses = new java.util.concurrent.ConcurrentLinkedQueue<Integer>();
        for (int i = 0; i < racers; i++) {
            pool.submit(() -> {
                start.await();
                statuses.add(post(user, "/api/v1/jobs", "{\"module\":\"sdxl\"}").statusCode());
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();

        assertThat(statuses).filteredOn(s -> s == 202).hasSize(2);
        assertThat(statuses).filteredOn(s -> s == 402).hasSize(racers - 2);
        assertThat(ledger.balance(user.id())).isZero();
        assertThat(jdbc.queryForObject("select count(*) from job where account_id = ?", Long.class, user.id()))
                .isEqualTo(2);
    }

    @Test
    void shouldAnswer400AndStoreNothingForUnknownModulesAndUndeclaredInputs() {
        User user = newUser();
        int before = DAEMON.submissions();

        var unknown = post(user, "/api/v1/jobs", "{\"module\":\"../../etc/passwd\"}");
        var undeclared = post(user, "/api/v1/jobs", "{\"module\":\"cowsay\",\"inputs\":{\"Command\":\"rm -rf /\"}}");
        var tooLong = post(
                user, "/api/v1/jobs", "{\"module\":\"cowsay\",\"inputs\":{\"Message\":\"" + "m".repeat(501) + "\"}}");
        var badPattern = post(user, "/api/v1/jobs", "{\"module\":\"sdxl\",\"inputs\":{\"Seed\":\"1; rm\"}}");
        var nullInput = post(user, "/api/v1/jobs", "{\"module\":\"cowsay\",\"inputs\":{\"Message\":null}}");
        var noModule = post(user, "/api/v1/jobs", "{}");
        var notJson = post(user, "/api/v1/jobs", "{\"module\":");
        var wrongType = post(user, "/api/v1/jobs", "{\"module\":[1,2]}");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown.body()).path("type").asString()).endsWith("/unknown-module");
        assertThat(undeclared.statusCode()).isEqualTo(400);
        assertThat(json(undeclared.body()).path("detail").asString()).contains("no input 'Command'");
        for (var response : java.util.List.of(tooLong, badPattern, nullInput, noModule, notJson, wrongType)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(DAEMON.submissions()).isEqualTo(before);
        assertThat(ledger.balance(user.id())).isEqualTo(10);
        assertThat(json(get(user, "/api/v1/jobs").body()).path("total").asLong())
                .isZero();
    }

    @Test
    void shouldRefuseOversizedBodiesWith413() {
        User user = newUser();

        var response = post(
                user,
                "/api/v1/jobs",
                "{\"module\":\"cowsay\",\"inputs\":{\"Message\":\"" + "m".repeat(20_000) + "\"}}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(get(user, "/api/v1/jobs").body()).path("total").asLong())
                .isZero();
    }

    @Test
    void shouldRefuseBodiesOfNoDeclaredLengthWith411() {
        User user = newUser();
        byte[] body = ("{\"module\":\"cowsay\",\"inputs\":{\"Message\":\"" + "m".repeat(200_000) + "\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // A stream of unknown length goes out chunked, without a Content-Length.
        var response = send(request(user, "/api/v1/jobs")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body)))
                .build());

        assertThat(response.statusCode()).isEqualTo(411);
        assertThat(json(response.body()).path("type").asString()).endsWith("/length-required");
        assertThat(json(get(user, "/api/v1/jobs").body()).path("total").asLong())
                .isZero();
    }

    @Test
    void shouldNameTheWrongMethodAndTheWrongMediaTypeInTheProblemType() {
        User user = newUser();

        var wrongMethod = send(request(user, "/api/v1/jobs")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        var wrongMediaType = send(request(user, "/api/v1/jobs")
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("module=cowsay"))
                .build());

        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod.body()).path("type").asString()).endsWith("/method-not-allowed");
        assertThat(wrongMediaType.statusCode()).isEqualTo(415);
        assertThat(json(wrongMediaType.body()).path("type").asString()).endsWith("/unsupported-media-type");
        assertThat(json(get(user, "/api/v1/jobs").body()).path("total").asLong())
                .isZero();
    }

    @Test
    void shouldHideOneUsersJobsFromAnother() {
        User alice = newUser();
        User bob = newUser();
        String id = submitCowsay(alice, "secret-" + UUID.randomUUID());

        assertThat(get(bob, "/api/v1/jobs/" + id).statusCode()).isEqualTo(404);
        assertThat(get(bob, "/api/v1/jobs/" + id + "/events").statusCode()).isEqualTo(404);
        assertThat(get(bob, "/api/v1/jobs/" + id + "/files/stdout").statusCode())
                .isEqualTo(404);
        assertThat(json(get(bob, "/api/v1/jobs").body()).path("total").asLong()).isZero();
        assertThat(get(bob, "/api/v1/jobs/not-a-uuid").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldListJobsNewestFirstInPages() {
        User user = newUser();
        String first = submitCowsay(user, "one-" + UUID.randomUUID());
        String second = submitCowsay(user, "two-" + UUID.randomUUID());

        JsonNode page = json(get(user, "/api/v1/jobs?size=1").body());
        JsonNode next = json(get(user, "/api/v1/jobs?size=1&page=1").body());

        assertThat(page.path("total").asLong()).isEqualTo(2);
        assertThat(page.path("jobs").get(0).path("id").asString()).isEqualTo(second);
        assertThat(next.path("jobs").get(0).path("id").asString()).isEqualTo(first);
        assertThat(get(user, "/api/v1/jobs?size=1000").statusCode()).isEqualTo(400);
        assertThat(get(user, "/api/v1/jobs?page=x").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldStreamTheJobsStateAsServerSentEvents() throws Exception {
        User user = newUser();
        String message = "sse-" + UUID.randomUUID();
        String id = submitCowsay(user, message);
        FakeJobCreatorDaemon.Job daemonJob = DAEMON.jobWithInput("Message", message);

        var stream = HTTP.sendAsync(
                request(user, "/api/v1/jobs/" + id + "/events").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        DAEMON.advance(daemonJob);
        DAEMON.finish(daemonJob, "SUCCEEDED", "moo", null);
        String body = stream.get(30, java.util.concurrent.TimeUnit.SECONDS).body();

        assertThat(body)
                .contains("event:job")
                .contains("\"status\":\"FINISHED\"")
                .contains("\"label\":\"matched\"");
    }
}
