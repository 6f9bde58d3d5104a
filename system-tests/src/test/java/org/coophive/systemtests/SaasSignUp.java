package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a person gets an API key from saas-api, without a browser: the sign-up and login forms and
 * the Account page's "create key" form, as a plain HTTP client with a cookie jar (the session
 * cookie) that sends each form's CSRF token back. The REST API cannot make the first key: it needs
 * one.
 */
final class SaasSignUp {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern NEW_KEY = Pattern.compile("id=\"new-key\"[^>]*value=\"(ch_[^\"]+)\"");

    private final String base;
    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A client of the web UI at this base URL, e.g. {@code http://127.0.0.1:80}. */
    SaasSignUp(String base) {
        this.base = base;
    }

    /** Signs up with these credentials; the form answers with a redirect to the login page. */
    SaasSignUp signUp(String email, String password) throws Exception {
        HttpResponse<String> signup =
                form("/signup", "_csrf", csrf("/signup"), "email", email, "password", password, "confirm", password);
        assertThat(signup.statusCode())
                .as("sign-up of " + email + ": " + signup.body())
                .isEqualTo(302);
        assertThat(signup.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        return this;
    }

    /** Logs in; a wrong password (or no such account) fails the assertion. */
    SaasSignUp logIn(String email, String password) throws Exception {
        HttpResponse<String> login = form("/login", "_csrf", csrf("/login"), "email", email, "password", password);
        assertThat(login.statusCode()).as("login of " + email).isEqualTo(302);
        assertThat(login.headers().firstValue("Location"))
                .as("where the login of " + email + " leads")
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("/login"));
        return this;
    }

    /** Creates an API key on the Account page and reads it from there (it is shown once). */
    String createApiKey(String name) throws Exception {
        HttpResponse<String> created = form("/account/keys", "_csrf", csrf("/account"), "name", name);
        assertThat(created.statusCode()).isEqualTo(302);
        Matcher key = NEW_KEY.matcher(get("/account").body());
        assertThat(key.find()).as("the new key on the Account page").isTrue();
        return key.group(1);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> page = client.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("GET " + path).isEqualTo(200);
        return page;
    }

    private String csrf(String path) throws Exception {
        Matcher token = CSRF.matcher(get(path).body());
        assertThat(token.find()).as("CSRF token on " + path).isTrue();
        return token.group(1);
    }

    private HttpResponse<String> form(String path, String... pairs) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (body.length() > 0) body.append('&');
            body.append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return client.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
