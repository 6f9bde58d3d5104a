package org.coophive.faucet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.coophive.common.testing.HeadlessChromium;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.faucet.testing.RunningFaucet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * The faucet's page in headless Chromium, as a first-time user meets it: enter an address, send, see
 * the transactions and the new balance; enter a bad address, see why nothing was sent. Screenshots
 * go to {@code target/screenshots/}.
 */
class FaucetPageIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private RunningFaucet faucet;

    @AfterEach
    void stop() {
        if (faucet != null) faucet.close();
    }

    @Test
    void shouldShowTheTransactionsAndTheNewBalanceAfterSendingAndExplainABadAddress() throws Exception {
        faucet = RunningFaucet.start(chain, data, Map.of());
        String recipient = Keys.toChecksumAddress(
                Credentials.create(Keys.createEcKeyPair()).getAddress());

        try (HeadlessChromium browser = HeadlessChromium.start(SCREENSHOTS)) {
            WebDriver page = browser.driver();
            page.get(faucet.base().toString());
            browser.await(PATIENCE, d -> text(d, "amounts").startsWith("Each drip sends"));
            assertThat(text(page, "amounts")).contains("1 ether and 100 tokens").contains("every 24 hours");
            assertThat(text(page, "balance")).contains("100,000 tokens");
            assertThat(page.findElement(By.id("send")).getText()).isEqualTo("Send me 1 ether and 100 tokens");
            browser.screenshot("1-faucet-page");

            page.findElement(By.id("address")).sendKeys(recipient);
            page.findElement(By.id("send")).click();
            WebElement result = browser.await(PATIENCE, d -> {
                WebElement element = d.findElement(By.id("result"));
                return element.getAttribute("class").contains("ok") ? element : null;
            });
            assertThat(result.getText()).contains("Sent to " + recipient);
            assertThat(result.findElements(By.cssSelector("#transactions td.hash")))
                    .hasSize(2)
                    .allSatisfy(hash -> assertThat(hash.getText()).matches("0x[0-9a-f]{64}"));
            assertThat(result.findElements(By.cssSelector("#transactions td:last-child")))
                    .hasSize(2)
                    .allSatisfy(block -> assertThat(block.getText()).matches("[0-9]+"));
            assertThat(text(page, "new-balance")).isEqualTo("Your address now holds 1 ether and 100 tokens.");
            browser.await(PATIENCE, d -> text(d, "balance").contains("99,900 tokens"));
            browser.screenshot("2-drip-sent");

            page.findElement(By.id("send")).click();
            browser.await(
                    PATIENCE,
                    d -> d.findElement(By.id("result")).getAttribute("class").contains("error"));
            assertThat(text(page, "result")).contains("Nothing was sent").contains("Come back after");
            browser.screenshot("3-come-back-later");

            page.findElement(By.id("address")).clear();
            page.findElement(By.id("address")).sendKeys("0x1234");
            page.findElement(By.id("send")).click();
            browser.await(PATIENCE, d -> text(d, "result").contains("is not an address"));
            assertThat(text(page, "result")).contains("Nothing was sent").contains("0x followed by 40 hex digits");
            browser.screenshot("4-bad-address");
        }
    }

    @Test
    void shouldFitAPhoneScreen() throws Exception {
        faucet = RunningFaucet.start(chain, data, Map.of());

        try (HeadlessChromium browser = HeadlessChromium.start(SCREENSHOTS, 390, 844)) {
            WebDriver page = browser.driver();
            page.get(faucet.base().toString());
            browser.await(PATIENCE, d -> text(d, "amounts").startsWith("Each drip sends"));
            Long overflow = (Long) ((org.openqa.selenium.JavascriptExecutor) page)
                    .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            browser.screenshot("5-phone");
            assertThat(overflow).as("horizontal scrolling on a phone").isLessThanOrEqualTo(0L);
        }
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }
}
