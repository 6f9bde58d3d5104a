package org.coophive.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.coophive.common.testing.MutableClock;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

class RequestSignerTest {

    private static final Credentials ADMIN = DevAccounts.admin().credentials();
    private static final byte[] BODY = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final RequestSigner signer = new RequestSigner(ADMIN, clock);
    private final RequestVerifier verifier = new RequestVerifier(new InMemoryNonceStore(clock), clock);

    @Test
    void shouldFillTheFourHeadersInTheirDocumentedFormatsWhenSigning() {
        SignedRequestHeaders headers = signer.sign("POST", "/api/v1/job_offers", null, BODY);

        assertThat(headers.address()).isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(headers.timestamp()).isEqualTo("1700000000");
        assertThat(headers.nonce()).matches("[0-9a-f]{32}");
        assertThat(headers.signature()).matches("0x[0-9a-f]{128}(1b|1c)");
        assertThat(signer.address()).isEqualTo(headers.address());
    }

    @Test
    void shouldUseANewNonceWhenSigningTheSameRequestAgain() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            nonces.add(signer.sign("POST", "/api/v1/job_offers", null, BODY).nonce());
        }

        assertThat(nonces).hasSize(1_000);
    }

    @Test
    void shouldTakeTheTimestampFromTheClockWhenSigning() {
        clock.advance(Duration.ofSeconds(42));

        assertThat(signer.sign("POST", "/p", null, BODY).timestamp()).isEqualTo("1700000042");
    }

    @Test
    void shouldVerifyAsAnEmptyBodiedGetWhenSigningADownload() {
        String path = "/api/v1/deals/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG/files";
        SignedRequestHeaders headers = signer.signGet(path, null);

        Verification verification = verifier.verify("GET", path, "", new byte[0], headers);

        assertThat(verification.address()).contains(DevAccounts.admin().address());
    }

    @Test
    void shouldSignTheRawPathAndQueryWhenGivenAUri() {
        URI uri = URI.create("http://localhost:8080/api/v1/deals/Qm1/files?b=%7e2&a=1");
        SignedRequestHeaders headers = signer.sign("GET", uri, null);

        Verification verification = verifier.verify("GET", "/api/v1/deals/Qm1/files", "a=1&b=~2", null, headers);

        assertThat(verification.isVerified()).isTrue();
    }

    @Test
    void shouldRefuseToSignWhenThePathIsNotAnAbsolutePathWithoutQuery() {
        assertThatThrownBy(() -> signer.sign("GET", "api/v1/deals", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> signer.sign("GET", "/api/v1/deals?state=1", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query separately");
    }

    @Test
    void shouldNameTheHeadersInSigningOrderWhenListingThem() {
        SignedRequestHeaders headers = signer.sign("POST", "/p", null, BODY);

        assertThat(headers.asMap())
                .containsExactly(
                        entry("X-CoopHive-Address", headers.address()),
                        entry("X-CoopHive-Timestamp", headers.timestamp()),
                        entry("X-CoopHive-Nonce", headers.nonce()),
                        entry("X-CoopHive-Signature", headers.signature()));
    }

    @Test
    void shouldNotRevealThePrivateKeyWhenPrinted() {
        String privateKey = ADMIN.getEcKeyPair().getPrivateKey().toString(16);

        assertThat(signer.toString())
                .doesNotContain(privateKey)
                .doesNotContain(privateKey.toUpperCase())
                .doesNotContain(ADMIN.getEcKeyPair().getPrivateKey().toString())
                .contains(DevAccounts.admin().address());
    }
}
