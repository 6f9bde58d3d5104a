package org.coophive.common.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.common.solver.SolverFixtures.FAST;
import static org.coophive.common.solver.SolverFixtures.JOB_CREATOR;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.Violation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the client retries (outages only, with backoff) and how it reports every error answer. */
class HttpSolverClientRetryTest {

    private FakeSolver solver;
    private final DealContainer deal = SolverFixtures.deal();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSolver() throws Exception {
        solver = FakeSolver.start();
        solver.putDeal(deal);
    }

    @AfterEach
    void stopSolver() {
        solver.close();
    }

    /** A client whose waits are recorded rather than slept. */
    private HttpSolverClient client(SolverClientSettings settings) {
        return new HttpSolverClient(solver.url(), JOB_CREATOR, settings, waits::add);
    }

    private static ProblemDetails problem(int status, String detail) {
        return new ProblemDetails(
                SolverProblemType.BASE + "test-" + status, "Test " + status, status, detail, "", List.of());
    }

    @Test
    void shouldFailAfterOneRequestWhenTheDealIsNotFound() {
        String unknown = ContentIds.ofBytes("no such deal".getBytes());

        assertThatThrownBy(() -> client(FAST).deal(unknown))
                .isInstanceOfSatisfying(SolverNotFoundException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.type())
                            .isEqualTo(SolverProblemType.NOT_FOUND.uri().toString());
                    assertThat(e.detail()).contains(unknown);
                    assertThat(e.problem().instance()).isEqualTo("/api/v1/deals/" + unknown);
                });
        assertThat(solver.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldSucceedOnTheThirdRequestWhenTheSolverIsUnavailableTwice() {
        solver.answerNext(2, 503, null, problem(503, "starting up"));

        DealContainer found = client(FAST).deal(deal.id());

        assertThat(found).isEqualTo(deal);
        assertThat(solver.requests()).hasSize(3);
        assertThat(waits).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2));
    }

    @Test
    void shouldSignEachAttemptAfreshWhenRetryingAPost() {
        solver.answerNext(2, 502, null, null);

        assertThat(client(FAST).addJobOffer(SolverFixtures.jobOffer()).id()).isNotEmpty();
        // The fake's verifier refuses a reused nonce, so the third attempt passing proves a new one.
        assertThat(solver.requests()).hasSize(3);
    }

    @Test
    void shouldCapTheBackoffWhenManyAttemptsFail() {
        solver.answerNext(5, 504, null, null);
        SolverClientSettings settings = FAST.withMaxAttempts(6).withBackoff(Duration.ofMillis(1), Duration.ofMillis(4));

        client(settings).deal(deal.id());

        assertThat(waits)
                .containsExactly(
                        Duration.ofMillis(1),
                        Duration.ofMillis(2),
                        Duration.ofMillis(4),
                        Duration.ofMillis(4),
                        Duration.ofMillis(4));
    }

    @Test
    void shouldWaitAsLongAsRetryAfterSaysWhenItIsWithinTheCap() {
        solver.answerNext(1, 429, "7", problem(429, "slow down"));
        SolverClientSettings settings = FAST.withBackoff(Duration.ofMillis(1), Duration.ofSeconds(10));

        client(settings).deal(deal.id());

        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        assertThat(solver.requests()).hasSize(2);
    }

    @Test
    void shouldGiveUpAtOnceWhenRetryAfterIsLongerThanTheCap() {
        solver.answerNext(1, 503, "120", problem(503, "maintenance"));

        assertThatThrownBy(() -> client(FAST).deal(deal.id()))
                .isInstanceOfSatisfying(SolverUnavailableException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.detail()).isEqualTo("maintenance");
                });
        assertThat(solver.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldReportTheLastAnswerWhenTheSolverStaysUnavailable() {
        solver.answerNext(3, 502, null, null);

        assertThatThrownBy(() -> client(FAST).deals(DealQuery.ALL))
                .isInstanceOfSatisfying(SolverUnavailableException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.title()).isEqualTo("Bad Gateway");
                    assertThat(e.detail()).contains("upstream unavailable");
                    assertThat(e.connectionFailure()).isEmpty();
                });
        assertThat(solver.requests()).hasSize(3);
    }

    @Test
    void shouldThrowUnavailableAfterTheConfiguredAttemptsWhenTheConnectionIsRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        // The real sleeper: millisecond backoff costs nothing.
        HttpSolverClient client = new HttpSolverClient(URI.create("http://127.0.0.1:" + closedPort), JOB_CREATOR, FAST);

        assertThatThrownBy(() -> client.addJobOffer(SolverFixtures.jobOffer()))
                .isInstanceOfSatisfying(SolverUnavailableException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.status()).isZero();
                    assertThat(e.request()).isEqualTo("POST /api/v1/job_offers");
                    assertThat(e.connectionFailure()).containsInstanceOf(ConnectException.class);
                });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "400, SolverRequestRejectedException",
        "413, SolverRequestRejectedException",
        "422, SolverRequestRejectedException",
        "401, SolverUnauthorizedException",
        "403, SolverUnauthorizedException",
        "404, SolverNotFoundException",
        "409, SolverConflictException",
        "500, SolverException",
    })
    void shouldThrowTheTypedExceptionWithoutRetryingWhenTheSolverAnswersAClientError(int status, String exception) {
        solver.answerNext(1, status, null, problem(status, "scripted " + status));

        assertThatThrownBy(() -> client(FAST).deal(deal.id())).isInstanceOfSatisfying(SolverException.class, e -> {
            assertThat(e.getClass().getSimpleName()).isEqualTo(exception);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.type()).isEqualTo(SolverProblemType.BASE + "test-" + status);
            assertThat(e.title()).isEqualTo("Test " + status);
            assertThat(e.detail()).isEqualTo("scripted " + status);
            assertThat(e.getMessage()).contains("GET /api/v1/deals/" + deal.id(), "scripted " + status);
        });
        assertThat(solver.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @ParameterizedTest(name = "{0} final: {1}")
    @CsvSource({
        "0, false",
        "400, true",
        "401, true",
        "403, true",
        "404, true",
        "408, false",
        "409, true",
        "413, true",
        "415, true",
        "422, true",
        "429, false",
        "500, false",
        "502, false",
        "503, false",
    })
    void shouldCallARefusalFinalOnlyWhenItIsAClientErrorOtherThanTimeoutOrTooManyRequests(int status, boolean isFinal) {
        SolverException e = new SolverException("GET /x", new ProblemDetails(null, "t", status, "d", "/x", List.of()));

        assertThat(e.isFinal()).isEqualTo(isFinal);
        assertThat(SolverException.isFinalStatus(status)).isEqualTo(isFinal);
    }

    @Test
    void shouldReadFieldErrorsWhenAProblemCarriesThem() {
        List<Violation> errors = List.of(
                new Violation("spec.ram", "is 99999999999, above the sane limit"), new Violation("mode", "is missing"));
        solver.answerNext(
                1,
                400,
                null,
                ProblemDetails.of(SolverProblemType.INVALID_REQUEST, "2 invalid fields", "/api/v1/job_offers", errors));

        assertThatThrownBy(() -> client(FAST).addJobOffer(SolverFixtures.jobOffer()))
                .isInstanceOfSatisfying(SolverRequestRejectedException.class, e -> assertThat(e.fieldErrors())
                        .isEqualTo(errors));
    }
}
