package org.coophive.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

class HeadlessChromiumIT {

    @Test
    void shouldRenderALoopbackPageAndSaveItsScreenshotWhenStarted() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page =
                "<!doctype html><title>fixture</title><button onclick=\"this.textContent='clicked'\">press</button>"
                        .getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        try (HeadlessChromium browser = HeadlessChromium.start(Path.of("target/screenshots"))) {
            browser.driver().get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            browser.driver().findElement(By.tagName("button")).click();

            String text = browser.await(Duration.ofSeconds(10), driver -> {
                String shown = driver.findElement(By.tagName("button")).getText();
                return shown.equals("clicked") ? shown : null;
            });
            Path shot = browser.screenshot("headless-chromium-fixture");

            assertThat(text).isEqualTo("clicked");
            assertThat(browser.driver().getTitle()).isEqualTo("fixture");
            assertThat(Files.size(shot)).isGreaterThan(1000);
        } finally {
            server.stop(0);
        }
    }
}
