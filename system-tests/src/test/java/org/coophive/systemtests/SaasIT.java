package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.testing.Await;
import org.coophive.common.testing.HeadlessChromium;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SaaS layer on the real network: chain, solver, resource provider (Docker), mediator, job
 * creator daemon and saas-api as processes, a person in headless Chromium. Screenshots of every
 * page go to {@code target/screenshots/saas/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SaasIT {

    private static final Duration JOB = Duration.ofSeconds(90);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots", "saas");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "a long enough password";

    private Stack stack;
    private HeadlessChromium browser;
    private String base;
    private final String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    private String aliceJob;
    private String aliceKey;

    @BeforeAll
    void startNetwork() throws Exception {
        stack = Stack.start("saas");
        stack.startDaemon(Map.of("JOBCREATOR_MATCH_TIMEOUT", "15s"));
        stack.startSaas();
        base = "http://127.0.0.1:" + stack.saas().port();
        browser = HeadlessChromium.start(SCREENSHOTS);
    }

    @AfterAll
    void stopNetwork() throws Exception {
        if (browser != null) browser.close();
        if (stack != null) stack.close();
    }

    private WebDriver driver() {
        return browser.driver();
    }

    private WebElement find(By by) {
        return browser.await(
                Duration.ofSeconds(20),
                d -> d.findElements(by).stream().findFirst().orElse(null));
    }

    private void signUpAndLogIn(String email) {
        driver().get(base + "/signup");
        find(By.id("email")).sendKeys(email);
        find(By.id("password")).sendKeys(PASSWORD);
        find(By.id("confirm")).sendKeys(PASSWORD);
        browser.screenshot("01-signup");
        find(By.cssSelector("#signup-form button[type=submit]")).click();
        find(By.id("login-form"));
        assertThat(driver().getPageSource()).contains("Your account is ready");
        find(By.id("password")).sendKeys(PASSWORD);
        browser.screenshot("02-login");
        find(By.cssSelector("#login-form button[type=submit]")).click();
        find(By.cssSelector(".whoami"));
    }

    private HttpResponse<String> api(String key, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + key)
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> apiPost(String key, String path, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void shouldRunCowsayFromTheBrowserWithLivePhasesAndAReceiptOnChain() throws Exception {
        signUpAndLogIn(alice);
        assertThat(find(By.cssSelector(".whoami")).getText()).contains(alice).contains("10 credits");
        find(By.id("run-form"));
        browser.screenshot("03-modules");

        WebElement message = find(By.id("in_Message"));
        message.clear();
        message.sendKeys("hello from the browser");
        find(By.id("submit")).click();
        find(By.cssSelector(".live"));
        // A marker in this document: it survives live updates but not the reload at the end.
        ((JavascriptExecutor) driver()).executeScript("window.__sameDocument = true;");
        int initial = driver().findElements(By.cssSelector(".phases li")).size();
        browser.await(
                JOB,
                d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                        .executeScript(
                                "return window.__sameDocument === true && document.querySelectorAll('.phases li').length > "
                                        + initial + ";")));
        browser.screenshot("04-modules-running");
        WebElement stdout = find(By.id("stdout"));
        assertThat(stdout.getText()).contains("hello from the browser").contains("(oo)");
        assertThat(find(By.cssSelector(".job-state")).getAttribute("textContent"))
                .isEqualTo("succeeded");
        browser.screenshot("05-modules-output");

        find(By.id("receipt-link")).click();
        String dealId = find(By.id("r-deal")).getText();
        aliceJob = driver().getCurrentUrl().substring(driver().getCurrentUrl().lastIndexOf('/') + 1);
        List<WebElement> txs = driver().findElements(By.cssSelector("td.tx"));
        assertThat(txs).extracting(t -> t.getAttribute("data-step")).contains("agree", "acceptResult");
        assertThat(find(By.cssSelector(".phases")).getText()).contains("matched", "agreed", "accepted", "finished");
        browser.screenshot("06-job-receipt");

        // The receipt's transactions are on chain, for this deal, and the deal was accepted.
        HttpSolverClient solver = new HttpSolverClient(
                URI.create(stack.solverUrl()),
                new RequestSigner(DevAccounts.jobCreator().credentials()));
        DealTerms terms = DealTerms.of(solver.deal(dealId).deal());
        String dealKey = terms.key().toString().replaceFirst("^0x", "").toLowerCase();
        Web3j web3j = Web3j.build(new HttpService(stack.chain().node().rpcUrl()));
        try {
            for (WebElement tx : txs) {
                TransactionReceipt receipt = web3j.ethGetTransactionReceipt(tx.getText())
                        .send()
                        .getTransactionReceipt()
                        .orElseThrow(() -> new AssertionError("not on chain: " + tx.getText()));
                assertThat(receipt.isStatusOK()).as(tx.getText()).isTrue();
                assertThat(receipt.getLogs().toString().toLowerCase())
                        .as("logs of " + tx.getText())
                        .contains(dealKey);
            }
        } finally {
            web3j.shutdown();
        }
        try (Web3ChainClient reader = stack.client(DevAccounts.solver())) {
            assertThat(reader.getAgreement(terms).state()).isEqualTo(AgreementState.RESULTS_ACCEPTED);
        }

        // A result file downloads; the results are in Files, read-only.
        find(By.linkText("stdout")).click();
        Boolean downloaded = browser.await(
                Duration.ofSeconds(10), d -> d.getPageSource().contains("hello from the browser") ? true : null);
        assertThat(downloaded).isTrue();
        driver().navigate().back();
        driver().get(base + "/files?path=results/" + aliceJob);
        assertThat(find(By.id("files-table")).getText()).contains("stdout");
        assertThat(driver().findElements(By.id("upload-form"))).isEmpty();
        browser.screenshot("07-files-results");
        driver().get(base + "/files");
        browser.screenshot("08-files");

        driver().get(base + "/jobs");
        assertThat(find(By.id("jobs-table")).getText()).contains("Cowsay", "succeeded");
        browser.screenshot("09-jobs");
    }

    @Test
    @Order(2)
    void shouldCreateUseAndRevokeAnApiKey() throws Exception {
        driver().get(base + "/account");
        assertThat(find(By.id("ledger")).getText()).contains("debit", "grant");
        assertThat(find(By.id("balance")).getText()).isEqualTo("9");
        find(By.id("key-name")).sendKeys("laptop");
        find(By.cssSelector("#key-form button[type=submit]")).click();
        aliceKey = find(By.id("new-key")).getAttribute("value");
        assertThat(aliceKey).startsWith("ch_");
        browser.screenshot("10-account-new-key");

        var jobs = api(aliceKey, "/api/v1/jobs");
        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(jobs.body()).contains(aliceJob);
        driver().navigate().refresh();
        assertThat(driver().findElements(By.id("new-key")))
                .as("the key is shown once")
                .isEmpty();

        // A second key stays for the refund test; the first is revoked and refused.
        String other = JSON.readTree(apiPost(aliceKey, "/api/v1/api_keys", "{\"name\":\"script\"}")
                        .body())
                .path("key")
                .asString();
        driver().navigate().refresh();
        find(By.cssSelector("button[aria-label='Revoke laptop']")).click();
        assertThat(find(By.cssSelector(".notice")).getText()).contains("revoked");
        browser.screenshot("11-account");
        assertThat(api(aliceKey, "/api/v1/jobs").statusCode()).isEqualTo(401);
        aliceKey = other;
        assertThat(api(aliceKey, "/api/v1/jobs").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void shouldRefundAJobThatCannotMatch() throws Exception {
        // sdxl needs a GPU and the provider has none: no match, the debit comes back.
        var submitted = apiPost(aliceKey, "/api/v1/jobs", "{\"module\":\"sdxl\",\"inputs\":{\"Prompt\":\"a bee\"}}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = JSON.readTree(submitted.body()).path("id").asString();
        assertThat(JSON.readTree(api(aliceKey, "/api/v1/account").body())
                        .path("credits")
                        .asLong())
                .isEqualTo(4);

        JsonNode job = Await.until("the sdxl job to end", JOB, stack::logs, () -> {
            JsonNode j = JSON.readTree(api(aliceKey, "/api/v1/jobs/" + id).body());
            return j.path("status").asString().equals("FINISHED") ? j : null;
        });

        assertThat(job.path("outcome").asString()).isEqualTo("NO_MATCH");
        assertThat(job.path("refunded").asBoolean()).isTrue();
        JsonNode account = JSON.readTree(api(aliceKey, "/api/v1/account").body());
        assertThat(account.path("credits").asLong()).isEqualTo(9);
        List<String> kinds =
                JSON.readTree(api(aliceKey, "/api/v1/ledger").body()).findValuesAsString("kind");
        assertThat(kinds).containsExactly("REFUND", "DEBIT", "DEBIT", "GRANT");
        driver().get(base + "/jobs/" + id);
        assertThat(find(By.cssSelector(".job-state")).getText()).isEqualTo("no match (refunded)");
        browser.screenshot("12-job-refunded");
    }

    @Test
    @Order(4)
    void shouldShowASecondUserNoneOfTheFirstUsersJobsFilesOrKeys() throws Exception {
        find(By.id("logout")).click();
        find(By.id("login-form"));
        driver().get(base + "/jobs");
        assertThat(driver().getCurrentUrl()).endsWith("/login");

        signUpAndLogIn("bob-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org");
        driver().get(base + "/jobs");
        assertThat(driver().getPageSource()).contains("No jobs yet").doesNotContain(aliceJob);
        driver().get(base + "/jobs/" + aliceJob);
        assertThat(driver().getPageSource()).contains("no job");
        browser.screenshot("13-other-users-job");
        driver().get(base + "/files?path=results/" + aliceJob);
        assertThat(driver().getPageSource()).doesNotContain("stdout").contains("no folder");
        driver().get(base + "/account");
        assertThat(driver().getPageSource()).contains("No API keys").doesNotContain("script");

        find(By.id("key-name")).sendKeys("bob");
        find(By.cssSelector("#key-form button[type=submit]")).click();
        String bobKey = find(By.id("new-key")).getAttribute("value");
        assertThat(api(bobKey, "/api/v1/jobs/" + aliceJob).statusCode()).isEqualTo(404);
        assertThat(api(bobKey, "/api/v1/jobs").body()).doesNotContain(aliceJob);
        assertThat(api(bobKey, "/api/v1/files/content?path=results/" + aliceJob + "/stdout")
                        .statusCode())
                .isEqualTo(404);
        assertThat(api(bobKey, "/api/v1/api_keys").body()).doesNotContain("script");
    }

    @Test
    @Order(5)
    void shouldBeUsableAtPhoneWidth() throws Exception {
        try (HeadlessChromium phone = HeadlessChromium.start(SCREENSHOTS, 390, 844)) {
            WebDriver d = phone.driver();
            d.get(base + "/login");
            phone.await(Duration.ofSeconds(10), x -> x.findElement(By.id("email")))
                    .sendKeys(alice);
            d.findElement(By.id("password")).sendKeys(PASSWORD);
            d.findElement(By.cssSelector("#login-form button[type=submit]")).click();
            phone.await(
                    Duration.ofSeconds(20),
                    x -> x.findElements(By.id("run-form")).isEmpty() ? null : true);
            Object overflow = ((JavascriptExecutor) d)
                    .executeScript("return document.documentElement.scrollWidth > window.innerWidth;");
            assertThat(overflow).as("no sideways scrolling on a phone").isEqualTo(false);
            phone.screenshot("20-phone-modules");
            d.get(base + "/jobs/" + aliceJob);
            phone.await(Duration.ofSeconds(10), x -> x.findElement(By.id("receipt")));
            phone.screenshot("21-phone-job");
            d.get(base + "/account");
            phone.screenshot("22-phone-account");
        }
    }

    @Test
    @Order(6)
    void shouldFinishAJobAfterSaasApiIsKilledAndRestarted() throws Exception {
        var submitted =
                apiPost(aliceKey, "/api/v1/jobs", "{\"module\":\"cowsay\",\"inputs\":{\"Message\":\"after a crash\"}}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = JSON.readTree(submitted.body()).path("id").asString();

        stack.saas().kill();
        stack.startSaas();

        JsonNode job = Await.until("the job to finish after the restart", JOB, stack::logs, () -> {
            JsonNode j = JSON.readTree(api(aliceKey, "/api/v1/jobs/" + id).body());
            return j.path("status").asString().equals("FINISHED") ? j : null;
        });
        assertThat(job.path("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("stdout").asString()).contains("after a crash");
        assertThat(JSON.readTree(api(aliceKey, "/api/v1/account").body())
                        .path("credits")
                        .asLong())
                .isEqualTo(8);
    }
}
