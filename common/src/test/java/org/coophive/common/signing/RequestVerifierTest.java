package org.coophive.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.coophive.common.signing.Rejection.Reason;
import org.coophive.common.testing.MutableClock;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class RequestVerifierTest {

    private static final long NOW = 1_700_000_000L;
    private static final String PATH = "/api/v1/deals/Qm1/txs/job_creator";
    private static final String QUERY = "state=DealAgreed&job_creator=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static final byte[] BODY = "{\"agree\":\"0x11\"}".getBytes(StandardCharsets.UTF_8);
    private static final String ALICE = DevAccounts.admin().address();
    private static final String BOB = DevAccounts.faucet().address();

    private final MutableClock clock = MutableClock.atEpochSecond(NOW);
    private final RequestSigner alice = new RequestSigner(DevAccounts.admin().credentials(), clock);
    private final RequestSigner bob = new RequestSigner(DevAccounts.faucet().credentials(), clock);
    private final InMemoryNonceStore nonces = new InMemoryNonceStore(clock);
    private final RequestVerifier verifier = new RequestVerifier(nonces, clock);

    private SignedRequestHeaders signed() {
        return alice.sign("POST", PATH, QUERY, BODY);
    }

    private Verification verify(SignedRequestHeaders headers) {
        return verifier.verify("POST", PATH, QUERY, BODY, headers);
    }

    private static Rejection rejectionOf(Verification verification) {
        assertThat(verification.isVerified()).as("verified").isFalse();
        return verification.rejection().orElseThrow();
    }

    @Test
    void shouldReturnTheSignersChecksummedAddressWhenTheRequestIsUnchanged() {
        Verification verification = verify(signed());

        assertThat(verification.isVerified()).isTrue();
        assertThat(verification.address()).contains(ALICE);
        assertThat(verification.addressOrThrow()).isEqualTo(ALICE);
        assertThat(verification.rejection()).isEmpty();
    }

    @Test
    void shouldRejectWithAddressMismatchWhenTheBodyIsTampered() {
        byte[] tampered = "{\"agree\":\"0x12\"}".getBytes(StandardCharsets.UTF_8);

        Verification verification = verifier.verify("POST", PATH, QUERY, tampered, signed());

        assertThat(rejectionOf(verification).reason()).isEqualTo(Reason.ADDRESS_MISMATCH);
        assertThat(rejectionOf(verification).message()).contains(ALICE).contains("changed after signing");
    }

    @Test
    void shouldRejectWithAddressMismatchWhenTheBodyIsDropped() {
        Verification verification = verifier.verify("POST", PATH, QUERY, null, signed());

        assertThat(rejectionOf(verification).reason()).isEqualTo(Reason.ADDRESS_MISMATCH);
    }

    @Test
    void shouldRejectWithAddressMismatchWhenThePathIsTampered() {
        Verification verification = verifier.verify("POST", "/api/v1/deals/Qm2/txs/job_creator", QUERY, BODY, signed());

        assertThat(rejectionOf(verification).reason()).isEqualTo(Reason.ADDRESS_MISMATCH);
    }

    @Test
    void shouldRejectWithAddressMismatchWhenTheQueryIsTampered() {
        Verification verification = verifier.verify(
                "POST",
                PATH,
                "state=DealNegotiating&job_creator=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                BODY,
                signed());

        assertThat(rejectionOf(verification).reason()).isEqualTo(Reason.ADDRESS_MISMATCH);
    }

    @Test
    void shouldRejectWithAddressMismatchWhenAQueryParameterIsAdded() {
        Verification verification = verifier.verify("POST", PATH, QUERY + "&extra=1", BODY, signed());

        assertThat(rejectionOf(verification).reason()).isEqualTo(Reason.ADDRESS_MISMATCH);
    }

    @Test
    void shouldRejectWithAddressMismatchWhenTheMethodIsChanged() {
        Verification verification = verifier.verify("PUT", PATH, QUERY, BODY, signed());

        assertThat(rejectionOf(verification).reason()).isEqualTo(Reason.ADDRESS_MISMATCH);
    }

    @Test
    void shouldVerifyWhenTheServerSpellsTheMethodInLowerCase() {
        assertThat(verifier.verify("post", PATH, QUERY, BODY, signed()).isVerified())
                .isTrue();
    }

    @Test
    void shouldVerifyWhenTheQueryArrivesReorderedAndEncodedDifferently() {
        SignedRequestHeaders headers =
                alice.sign("GET", "/api/v1/deals", "q=hello+world&state=DealAgreed&n=%7e1", null);

        Verification verification =
                verifier.verify("GET", "/api/v1/deals", "n=~1&state=Deal%41greed&q=hello%20world", null, headers);

        assertThat(verification.address()).contains(ALICE);
    }

    @Test
    void shouldRejectWhenAReorderedQueryCarriesAChangedValue() {
        SignedRequestHeaders headers = alice.sign("GET", "/api/v1/deals", "q=hello+world&state=DealAgreed", null);

        Verification verification =
                verifier.verify("GET", "/api/v1/deals", "state=DealAgreed&q=hello%20World", null, headers);

        assertThat(rejectionOf(verification).reason()).isEqualTo(Reason.ADDRESS_MISMATCH);
    }

    @Test
    void shouldAcceptWhenTheTimestampIsExactlyTheWindowOld() {
        SignedRequestHeaders headers = signed();
        clock.advance(Duration.ofMinutes(5));

        assertThat(verify(headers).isVerified()).isTrue();
    }

    @Test
    void shouldRejectAsStaleWhenTheTimestampIsOneSecondOlderThanTheWindow() {
        SignedRequestHeaders headers = signed();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        Rejection rejection = rejectionOf(verify(headers));

        assertThat(rejection.reason()).isEqualTo(Reason.STALE_TIMESTAMP);
        assertThat(rejection.message()).contains("301 s behind").contains("at most 300 s");
    }

    @Test
    void shouldAcceptWhenTheTimestampIsExactlyTheWindowAhead() {
        SignedRequestHeaders headers = signed();
        clock.advance(Duration.ofMinutes(-5));

        assertThat(verify(headers).isVerified()).isTrue();
    }

    @Test
    void shouldRejectAsStaleWhenTheTimestampIsBeyondTheWindowInTheFuture() {
        SignedRequestHeaders headers = signed();
        clock.advance(Duration.ofMinutes(-5).minusSeconds(1));

        Rejection rejection = rejectionOf(verify(headers));

        assertThat(rejection.reason()).isEqualTo(Reason.STALE_TIMESTAMP);
        assertThat(rejection.message()).contains("301 s ahead of");
    }

    @Test
    void shouldApplyAConfiguredWindowWhenCheckingTheTimestamp() {
        RequestVerifier strict = new RequestVerifier(nonces, clock, Duration.ofSeconds(30));
        SignedRequestHeaders headers = signed();
        clock.advance(Duration.ofSeconds(31));

        Verification verification = strict.verify("POST", PATH, QUERY, BODY, headers);

        assertThat(rejectionOf(verification).reason()).isEqualTo(Reason.STALE_TIMESTAMP);
        assertThat(strict.window()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldRefuseToBuildWhenTheWindowIsNotPositive() {
        assertThatThrownBy(() -> new RequestVerifier(nonces, clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectAsReplayedWhenTheSameSignedRequestArrivesTwice() {
        SignedRequestHeaders headers = signed();
        assertThat(verify(headers).isVerified()).isTrue();

        Rejection rejection = rejectionOf(verify(headers));

        assertThat(rejection.reason()).isEqualTo(Reason.REPLAYED_NONCE);
        assertThat(rejection.message()).contains(headers.nonce());
    }

    @Test
    void shouldRejectAsStaleWhenAReplayArrivesAfterTheNonceWasForgotten() {
        SignedRequestHeaders headers = signed();
        assertThat(verify(headers).isVerified()).isTrue();
        clock.advance(Duration.ofMinutes(6));

        assertThat(rejectionOf(verify(headers)).reason()).isEqualTo(Reason.STALE_TIMESTAMP);
    }

    @Test
    void shouldAcceptTheSameNonceWhenTwoAddressesHappenToUseIt() {
        SignedRequestHeaders fromAlice =
                alice.signAt("POST", PATH, QUERY, BODY, NOW, "00112233445566778899aabbccddeeff");
        SignedRequestHeaders fromBob = bob.signAt("POST", PATH, QUERY, BODY, NOW, "00112233445566778899aabbccddeeff");

        assertThat(verify(fromAlice).address()).contains(ALICE);
        assertThat(verify(fromBob).address()).contains(BOB);
    }

    @Test
    void shouldRejectWithAddressMismatchWhenKeyASignsWithTheAddressOfB() {
        SignedRequestHeaders byAlice = signed();
        SignedRequestHeaders claimingBob =
                new SignedRequestHeaders(BOB, byAlice.timestamp(), byAlice.nonce(), byAlice.signature());

        Rejection rejection = rejectionOf(verify(claimingBob));

        assertThat(rejection.reason()).isEqualTo(Reason.ADDRESS_MISMATCH);
        assertThat(rejection.message()).contains(ALICE).contains(BOB);
    }

    @Test
    void shouldNotUseUpTheNonceWhenAForgedRequestCarriesIt() {
        SignedRequestHeaders genuine = signed();
        SignedRequestHeaders forgedByBob = bob.signAt("POST", PATH, QUERY, BODY, NOW, genuine.nonce());
        SignedRequestHeaders forged =
                new SignedRequestHeaders(ALICE, forgedByBob.timestamp(), forgedByBob.nonce(), forgedByBob.signature());
        assertThat(rejectionOf(verify(forged)).reason()).isEqualTo(Reason.ADDRESS_MISMATCH);

        assertThat(verify(genuine).address()).contains(ALICE);
    }

    @Test
    void shouldAcceptTheAddressHeaderInLowerCaseAndAnswerWithTheChecksummedAddress() {
        SignedRequestHeaders headers = signed();
        SignedRequestHeaders lowerCase = new SignedRequestHeaders(
                headers.address().toLowerCase(), headers.timestamp(), headers.nonce(), headers.signature());

        assertThat(verify(lowerCase).address()).contains(ALICE);
    }

    @Test
    void shouldNameTheHeaderWhenOneIsMissing() {
        SignedRequestHeaders headers = signed();
        Map<String, SignedRequestHeaders> withoutOne = Map.of(
                SignedRequestHeaders.ADDRESS,
                new SignedRequestHeaders(null, headers.timestamp(), headers.nonce(), headers.signature()),
                SignedRequestHeaders.TIMESTAMP,
                new SignedRequestHeaders(headers.address(), "", headers.nonce(), headers.signature()),
                SignedRequestHeaders.NONCE,
                new SignedRequestHeaders(headers.address(), headers.timestamp(), " ", headers.signature()),
                SignedRequestHeaders.SIGNATURE,
                new SignedRequestHeaders(headers.address(), headers.timestamp(), headers.nonce(), null));

        withoutOne.forEach((header, incomplete) -> {
            Rejection rejection = rejectionOf(verify(incomplete));
            assertThat(rejection.reason()).as(header).isEqualTo(Reason.MISSING_HEADER);
            assertThat(rejection.header()).as(header).contains(header);
            assertThat(rejection.message()).as(header).contains(header);
        });
    }

    @Test
    void shouldReportMissingHeadersWhenARequestWasNotSignedAtAll() {
        Verification verification = verifier.verify("POST", PATH, QUERY, BODY, SignedRequestHeaders.read(name -> null));

        assertThat(rejectionOf(verification).reason()).isEqualTo(Reason.MISSING_HEADER);
        assertThat(rejectionOf(verification).header()).contains(SignedRequestHeaders.ADDRESS);
    }

    @Test
    void shouldVerifyWhenHeadersAreReadThroughALookup() {
        Map<String, String> received = signed().asMap();

        assertThat(verify(SignedRequestHeaders.read(received::get)).address()).contains(ALICE);
    }

    @Test
    void shouldNameTheAddressHeaderWhenTheAddressIsMalformed() {
        SignedRequestHeaders h = signed();

        assertMalformed(
                new SignedRequestHeaders("0xZZ" + ALICE.substring(4), h.timestamp(), h.nonce(), h.signature()),
                SignedRequestHeaders.ADDRESS);
        assertMalformed(
                new SignedRequestHeaders(ALICE.substring(0, 41), h.timestamp(), h.nonce(), h.signature()),
                SignedRequestHeaders.ADDRESS);
        assertMalformed(
                new SignedRequestHeaders(ALICE.substring(2), h.timestamp(), h.nonce(), h.signature()),
                SignedRequestHeaders.ADDRESS);
        // One letter's case flipped: the EIP-55 checksum no longer matches.
        assertMalformed(
                new SignedRequestHeaders(ALICE.replace("0xf39Fd", "0xf39fd"), h.timestamp(), h.nonce(), h.signature()),
                SignedRequestHeaders.ADDRESS);
    }

    @Test
    void shouldNameTheTimestampHeaderWhenTheTimestampIsNotUnixSeconds() {
        SignedRequestHeaders h = signed();

        for (String timestamp : List.of("soon", "-1700000000", "1700000000.5", "1.7e9", "1700000000000000")) {
            assertMalformed(
                    new SignedRequestHeaders(h.address(), timestamp, h.nonce(), h.signature()),
                    SignedRequestHeaders.TIMESTAMP);
        }
    }

    @Test
    void shouldNameTheNonceHeaderWhenTheNonceIsNot128BitsOfHex() {
        SignedRequestHeaders h = signed();

        for (String nonce : List.of(
                "xyz", h.nonce().substring(2), h.nonce() + "00", "g" + h.nonce().substring(1))) {
            assertMalformed(
                    new SignedRequestHeaders(h.address(), h.timestamp(), nonce, h.signature()),
                    SignedRequestHeaders.NONCE);
        }
    }

    @Test
    void shouldNameTheSignatureHeaderWhenTheSignatureIsMalformed() {
        SignedRequestHeaders h = signed();
        String hex = h.signature().substring(2);

        List<String> malformed = List.of(
                "0x" + "zz" + hex.substring(2), // not hex
                hex, // no 0x
                "0x" + hex.substring(0, 128), // 64 bytes
                "0x" + hex + "00", // 66 bytes
                "0x" + hex.substring(0, 128) + "01", // v as a recovery id
                "0x" + hex.substring(0, 128) + "1d"); // v = 29
        for (String signature : malformed) {
            assertMalformed(
                    new SignedRequestHeaders(h.address(), h.timestamp(), h.nonce(), signature),
                    SignedRequestHeaders.SIGNATURE);
        }
    }

    @Test
    void shouldRejectWithBadSignatureWhenNoKeyCanBeRecovered() {
        SignedRequestHeaders h = signed();
        String s = h.signature().substring(66, 130);
        String zeroR = "0x" + "00".repeat(32) + s + "1b";
        // x = 5 is not the x coordinate of any secp256k1 point (5^3 + 7 is not a square mod p).
        String rOffTheCurve = "0x" + "00".repeat(31) + "05" + s + "1b";
        String rAboveTheOrder = "0x" + "ff".repeat(32) + s + "1b";

        for (String signature : List.of(zeroR, rOffTheCurve, rAboveTheOrder)) {
            Rejection rejection =
                    rejectionOf(verify(new SignedRequestHeaders(h.address(), h.timestamp(), h.nonce(), signature)));
            assertThat(rejection.reason()).as(signature).isEqualTo(Reason.BAD_SIGNATURE);
            assertThat(rejection.header()).isEmpty();
        }
    }

    @Test
    void shouldThrowWithTheRejectionWhenAskingARefusedRequestForItsAddress() {
        SignedRequestHeaders headers = signed();
        verify(headers);
        Verification replay = verify(headers);

        assertThatThrownBy(replay::addressOrThrow)
                .isInstanceOfSatisfying(
                        RequestRejectedException.class,
                        e -> assertThat(e.rejection().reason()).isEqualTo(Reason.REPLAYED_NONCE))
                .hasMessageContaining("already used");
    }

    @Test
    void shouldAcceptExactlyOneWhenEightThreadsVerifyTheSameSignedRequestAtOnce() throws Exception {
        SignedRequestHeaders headers = signed();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Verification>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return verify(headers);
                }));
            }
            start.countDown();

            List<Verification> verifications = new ArrayList<>();
            for (Future<Verification> result : results) {
                verifications.add(result.get(10, TimeUnit.SECONDS));
            }
            assertThat(verifications).filteredOn(Verification::isVerified).hasSize(1);
            assertThat(verifications)
                    .filteredOn(v -> !v.isVerified())
                    .hasSize(7)
                    .allSatisfy(v ->
                            assertThat(v.rejection().orElseThrow().reason()).isEqualTo(Reason.REPLAYED_NONCE));
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertMalformed(SignedRequestHeaders headers, String header) {
        Rejection rejection = rejectionOf(verify(headers));
        assertThat(rejection.reason()).as(header + " in " + headers).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(rejection.header()).as(header + " in " + headers).contains(header);
        assertThat(rejection.message()).contains(header);
    }

    @Test
    void shouldVerifyTheBodyBytesWhenTheSignerSignedOnlyTheirHash() {
        URI uri = URI.create("http://solver" + PATH + "?" + QUERY);
        SignedRequestHeaders headers = alice.signBodyHash("POST", uri, Hash.sha256(BODY));

        assertThat(verify(headers).address()).contains(ALICE);
    }

    @Test
    void shouldVerifyTheBodyHashWhenTheSignerSignedTheBodyBytes() {
        Verification verification = verifier.verifyBodyHash("POST", PATH, QUERY, Hash.sha256(BODY), signed());

        assertThat(verification.address()).contains(ALICE);
    }

    @Test
    void shouldRejectWithAddressMismatchWhenTheBodyHashIsOfOtherBytes() {
        byte[] otherHash = Hash.sha256("{\"agree\":\"0x12\"}".getBytes(StandardCharsets.UTF_8));

        Verification verification = verifier.verifyBodyHash("POST", PATH, QUERY, otherHash, signed());

        assertThat(rejectionOf(verification).reason()).isEqualTo(Reason.ADDRESS_MISMATCH);
    }

    @Test
    void shouldRefuseABodyHashThatIsNotThirtyTwoBytes() {
        assertThatThrownBy(() -> verifier.verifyBodyHash("POST", PATH, QUERY, new byte[20], signed()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }
}
