package org.coophive.common.solver;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.coophive.common.signing.RequestSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;

/**
 * Sends one request to the solver: signs each attempt afresh, gives each attempt a deadline for
 * the whole response (headers and body), retries connection failures, timeouts and
 * 408/429/502/503/504 answers with capped exponential backoff (honouring {@code Retry-After}), and
 * turns any other non-2xx answer into a {@link SolverException} at once.
 */
final class SolverHttp {

    private static final Logger log = LoggerFactory.getLogger(SolverHttp.class);
    private static final Set<Integer> RETRYABLE = Set.of(408, 429, 502, 503, 504);

    /** Waits between attempts; tests record the waits instead. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper SYSTEM = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * A request body: bytes in memory, or a file streamed from disk whose SHA-256 was computed
     * beforehand (so the signature covers it without holding it in memory).
     */
    record Body(byte[] bytes, Path file, byte[] sha256) {

        static Body of(byte[] bytes) {
            return new Body(Objects.requireNonNull(bytes, "bytes"), null, Hash.sha256(bytes));
        }

        /** A file body; its bytes must not change until the call ends. */
        static Body ofFile(Path file) throws IOException {
            MessageDigest digest = newSha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return new Body(null, file, digest.digest());
        }

        HttpRequest.BodyPublisher publisher() {
            try {
                return file == null
                        ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                        : HttpRequest.BodyPublishers.ofFile(file);
            } catch (FileNotFoundException e) {
                throw new UncheckedIOException("the request body file is gone: " + file, e);
            }
        }

        private static MessageDigest newSha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
    }

    /**
     * One request.
     *
     * @param body the body, {@code null} for none
     * @param signed whether to send the signature headers
     * @param timeout the deadline of one attempt, from sending to the end of the response body
     */
    record Call(
            String method, URI uri, Body body, String contentType, String accept, boolean signed, Duration timeout) {

        String describe() {
            return method + " " + uri.getRawPath();
        }
    }

    /** A response: the body of a 2xx, or the bytes of an error body. */
    private record Received<B>(B body, byte[] errorBody) {}

    private final HttpClient http;
    private final RequestSigner signer;
    private final SolverClientSettings settings;
    private final Sleeper sleeper;
    private final Clock clock;

    SolverHttp(HttpClient http, RequestSigner signer, SolverClientSettings settings, Sleeper sleeper, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sends {@code call} until it succeeds or fails for good, and returns the 2xx body as {@code
     * successBody} reads it (a fresh subscriber per attempt).
     */
    <B> B send(Call call, Supplier<BodySubscriber<B>> successBody) {
        String request = call.describe();
        String path = call.uri().getRawPath();
        for (int attempt = 1; ; attempt++) {
            ProblemDetails failure;
            IOException cause = null;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpResponse<Received<B>> response = await(call, successBody);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response.body().body();
                }
                String contentType =
                        response.headers().firstValue("Content-Type").orElse("");
                failure = Problems.read(status, contentType, response.body().errorBody(), path);
                if (!RETRYABLE.contains(status)) {
                    throw SolverException.of(request, failure);
                }
                retryAfter = response.headers().firstValue("Retry-After").flatMap(this::parseRetryAfter);
            } catch (IOException e) {
                failure = Problems.noResponse(path, e);
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SolverUnavailableException(request, Problems.noResponse(path, e), attempt, e);
            }

            if (attempt >= settings.maxAttempts()
                    || retryAfter
                            .filter(wait -> wait.compareTo(settings.maxBackoff()) > 0)
                            .isPresent()) {
                // Out of attempts, or asked to stay away longer than this client waits: rather
                // than hammer the solver early or block the caller that long, give up now.
                throw new SolverUnavailableException(request, failure, attempt, cause);
            }
            Duration wait = retryAfter.orElse(settings.backoff(attempt));
            log.debug(
                    "{} failed ({}), attempt {} of {}; retrying in {} ms",
                    request,
                    cause != null ? cause.toString() : failure.status() + " " + failure.title(),
                    attempt,
                    settings.maxAttempts(),
                    wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SolverUnavailableException(request, failure, attempt, cause);
            }
        }
    }

    /** One attempt, bounded by the call's timeout; a broken or late response is an IOException. */
    private <B> HttpResponse<Received<B>> await(Call call, Supplier<BodySubscriber<B>> successBody)
            throws IOException, InterruptedException {
        HttpResponse.BodyHandler<Received<B>> handler = info -> info.statusCode() >= 200 && info.statusCode() < 300
                ? BodySubscribers.mapping(successBody.get(), body -> new Received<>(body, null))
                : BodySubscribers.mapping(BodySubscribers.ofByteArray(), bytes -> new Received<>(null, bytes));
        CompletableFuture<HttpResponse<Received<B>>> future = http.sendAsync(build(call), handler);
        try {
            return future.get(call.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException(
                    "no complete response within " + call.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable failure =
                    e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (failure instanceof IOException io) throw io;
            if (failure instanceof RuntimeException runtime) throw runtime;
            if (failure instanceof Error error) throw error;
            throw new IllegalStateException("unexpected failure of " + call.describe(), failure);
        }
    }

    private HttpRequest build(Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri()).header("Accept", call.accept());
        if (call.body() == null) {
            builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.method(call.method(), call.body().publisher()).header("Content-Type", call.contentType());
            if (call.body().file() != null) {
                // A large body waits for the server's go-ahead, so a refusal (413, 401, 404)
                // arrives before megabytes are sent for nothing.
                builder.expectContinue(true);
            }
        }
        if (call.signed()) {
            // Signed per attempt: a nonce is single-use, so a retry needs a signature of its own.
            byte[] bodySha256 =
                    call.body() == null ? Hash.sha256(new byte[0]) : call.body().sha256();
            signer.signBodyHash(call.method(), call.uri(), bodySha256).asMap().forEach(builder::header);
        }
        return builder.build();
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date; empty when malformed. */
    Optional<Duration> parseRetryAfter(String value) {
        String text = value.strip();
        if (text.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            log.debug("ignoring malformed Retry-After {}", value);
            return Optional.empty();
        }
    }
}
