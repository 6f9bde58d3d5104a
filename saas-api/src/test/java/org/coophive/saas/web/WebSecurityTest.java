package org.coophive.saas.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coophive.saas.testing.SaasTestBase;
import org.junit.jupiter.api.Test;

/** The web UI's door: sign-up, login, session cookie, CSRF and login throttling, over real HTTP. */
class WebSecurityTest extends SaasTestBase {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** A browser-like client with its own cookie jar. */
    private static final class Browser {
        final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> get(String url) throws Exception {
            return client.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> form(String url, String... pairs) throws Exception {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < pairs.length; i += 2) {
                if (body.length() > 0) body.append('&');
                body.append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
            return client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        String csrf(String url) throws Exception {
            Matcher m = CSRF.matcher(get(url).body());
            assertThat(m.find()).as("CSRF token on " + url).isTrue();
            return m.group(1);
        }
    }

    @Test
    void shouldSignUpLogInWithAnHttpOnlySameSiteCookieAndLogOut() throws Exception {
        Browser browser = new Browser();
        String email = "web-" + UUID.randomUUID() + "@example.org";

        var signup = browser.form(
                url("/signup"),
                "_csrf",
                browser.csrf(url("/signup")),
                "email",
                email,
                "password",
                "long enough password",
                "confirm",
                "long enough password");
        assertThat(signup.statusCode()).isEqualTo(302);
        var login = browser.form(
                url("/login"),
                "_csrf",
                browser.csrf(url("/login")),
                "email",
                email,
                "password",
                "long enough password");

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("SAAS_SESSION=")
                .contains("HttpOnly")
                .contains("SameSite=Lax"));
        var home = browser.get(url("/"));
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Signed in as").contains(email).contains("10</span> credits");
        var missing = browser.get(url("/jobs/" + UUID.randomUUID()));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("role=\"alert\"").contains("no job").contains(email);
        assertThat(browser.get(url("/?module=nope")).statusCode()).isEqualTo(404);
        assertThat(browser.get(url("/files?path=../x")).statusCode()).isEqualTo(400);
        var logout = browser.form(url("/logout"), "_csrf", browser.csrf(url("/account")));
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(browser.get(url("/")).statusCode()).isEqualTo(302);
    }

    @Test
    void shouldRefuseFormsWithoutOrWithAForgedCsrfTokenAndStoreNothing() throws Exception {
        Browser browser = new Browser();
        String email = "csrf-" + UUID.randomUUID() + "@example.org";
        browser.get(url("/signup"));

        var missing = browser.form(
                url("/signup"), "email", email, "password", "long enough password", "confirm", "long enough password");
        var forged = browser.form(
                url("/signup"),
                "_csrf",
                "forged-token",
                "email",
                email,
                "password",
                "long enough password",
                "confirm",
                "long enough password");

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(accounts.findByEmail(email)).isEmpty();
    }

    @Test
    void shouldShowReadableErrorsForBadSignUps() throws Exception {
        Browser browser = new Browser();

        var weak = browser.form(
                url("/signup"),
                "_csrf",
                browser.csrf(url("/signup")),
                "email",
                "weak@example.org",
                "password",
                "short",
                "confirm",
                "short");
        var bad = browser.form(
                url("/signup"),
                "_csrf",
                browser.csrf(url("/signup")),
                "email",
                "not-an-address",
                "password",
                "long enough password",
                "confirm",
                "long enough password");

        assertThat(weak.statusCode()).isEqualTo(200);
        assertThat(weak.body()).contains("role=\"alert\"").contains("at least 10 characters");
        assertThat(bad.body()).contains("Not an e-mail address");
        assertThat(accounts.findByEmail("weak@example.org")).isEmpty();
    }

    @Test
    void shouldThrottleRepeatedFailedLoginsForAnAccount() throws Exception {
        Browser browser = new Browser();
        String email = "throttle-" + UUID.randomUUID() + "@example.org";
        accounts.signUp(email, "the right password");

        for (int i = 0; i < 5; i++) {
            var wrong = browser.form(
                    url("/login"),
                    "_csrf",
                    browser.csrf(url("/login")),
                    "email",
                    email,
                    "password",
                    "wrong password " + i);
            assertThat(wrong.headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        }
        var right = browser.form(
                url("/login"), "_csrf", browser.csrf(url("/login")), "email", email, "password", "the right password");

        assertThat(right.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?throttled"));
        assertThat(browser.get(url("/login?throttled")).body()).contains("Too many failed logins");
    }

    @Test
    void shouldSendAnonymousVisitorsToTheLoginPage() throws Exception {
        var response = new Browser().get(url("/jobs"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }
}
