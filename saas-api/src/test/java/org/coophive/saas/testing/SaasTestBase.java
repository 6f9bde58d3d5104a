package org.coophive.saas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.coophive.saas.accounts.AccountService;
import org.coophive.saas.keys.ApiKeyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One saas-api on a random port with its embedded PostgreSQL in a temporary folder and the fake job
 * creator daemon: every test class extending this shares the one context. Tests make their own
 * accounts (unique e-mail addresses), so they do not see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SaasTestBase {

    protected static final FakeJobCreatorDaemon DAEMON;
    protected static final Path DATA_DIR;
    protected static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static {
        try {
            DAEMON = FakeJobCreatorDaemon.start();
            DATA_DIR = Files.createTempDirectory("saas-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("coophive.saas.data-dir", DATA_DIR::toString);
        registry.add("coophive.saas.jobcreator.url", DAEMON::url);
        registry.add("coophive.saas.jobcreator.api-token", () -> FakeJobCreatorDaemon.TOKEN);
        registry.add("coophive.saas.poll-interval", () -> "100ms");
        registry.add("coophive.saas.admin-emails", () -> "admin@example.org");
        registry.add("coophive.saas.max-json-body", () -> "16KB");
        registry.add("spring.servlet.multipart.max-file-size", () -> "64KB");
        registry.add("spring.servlet.multipart.max-request-size", () -> "64KB");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected AccountService accounts;

    @Autowired
    protected ApiKeyService keys;

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A new account (10 sign-up credits) and an API key for it. */
    protected User newUser() {
        String email = "user-" + UUID.randomUUID() + "@example.org";
        var account = accounts.signUp(email, "correct horse battery");
        return new User(
                account.getId(), email, keys.create(account.getId(), "test").secret());
    }

    public record User(long id, String email, String key) {}

    protected HttpResponse<String> get(User user, String path) {
        return send(request(user, path).GET().build());
    }

    protected HttpResponse<String> post(User user, String path, String json) {
        return send(request(user, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    protected HttpResponse<String> delete(User user, String path) {
        return send(request(user, path).DELETE().build());
    }

    protected HttpRequest.Builder request(User user, String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
        if (user != null) builder.header("Authorization", "Bearer " + user.key());
        return builder;
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
