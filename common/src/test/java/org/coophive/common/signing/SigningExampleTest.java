package org.coophive.common.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coophive.common.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** Pins the examples of common/SIGNING.md, so the document and the code cannot drift apart. */
class SigningExampleTest {

    private static final String DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static final long TIMESTAMP = 1_700_000_000L;

    private static final String POST_PATH =
            "/api/v1/deals/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG/txs/job_creator";
    private static final String POST_NONCE = "00112233445566778899aabbccddeeff";
    private static final byte[] POST_BODY =
            "{\"agree\":\"0x1111111111111111111111111111111111111111111111111111111111111111\"}"
                    .getBytes(StandardCharsets.UTF_8);
    private static final String POST_CANONICAL = "COOPHIVE-REQUEST-V1\n"
            + "POST\n"
            + POST_PATH + "\n"
            + "\n"
            + "32ca725ca3be9df60e6f32cddd11482df64db9be7b8141fcfd9753cdd8dee2c0\n"
            + "1700000000\n"
            + POST_NONCE;
    private static final String POST_SIGNATURE = "0x0789ef674d2c5e4ceff9bf6485a209c96fa6731057725588fefab3dc4c88f8f5"
            + "4b1d4ab2080ee48880b61fed35bbc4ffb4000080062402ef42abcd72ea73897d1b";

    private static final String GET_PATH = "/api/v1/deals/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG/files";
    private static final String GET_NONCE = "ffeeddccbbaa99887766554433221100";
    private static final String GET_CANONICAL = "COOPHIVE-REQUEST-V1\n"
            + "GET\n"
            + GET_PATH + "\n"
            + "\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            + "1700000000\n"
            + GET_NONCE;
    private static final String GET_SIGNATURE = "0x01495223262ef744a0103e025f74425540e09b04f22d544e4d260e333e608f92"
            + "1140011d2327533541450c929add74051fe5a48a270f78d2ad7414724c653df81c";

    private final MutableClock clock = MutableClock.atEpochSecond(TIMESTAMP);
    private final RequestSigner signer = new RequestSigner(Credentials.create(DEV_KEY), clock);
    private final RequestVerifier verifier = new RequestVerifier(new InMemoryNonceStore(clock), clock);

    @Test
    void shouldProduceTheDocumentedCanonicalStringAndSignatureWhenSigningTheExamplePost() {
        assertThat(CanonicalRequest.canonicalString("POST", POST_PATH, null, POST_BODY, "1700000000", POST_NONCE))
                .isEqualTo(POST_CANONICAL);

        SignedRequestHeaders headers = signer.signAt("POST", POST_PATH, null, POST_BODY, TIMESTAMP, POST_NONCE);

        assertThat(headers).isEqualTo(new SignedRequestHeaders(ADDRESS, "1700000000", POST_NONCE, POST_SIGNATURE));
        assertThat(verifier.verify("POST", POST_PATH, null, POST_BODY, headers).address())
                .contains(ADDRESS);
    }

    @Test
    void shouldProduceTheDocumentedCanonicalStringAndSignatureWhenSigningTheExampleDownload() {
        assertThat(CanonicalRequest.canonicalString("GET", GET_PATH, null, null, "1700000000", GET_NONCE))
                .isEqualTo(GET_CANONICAL);

        SignedRequestHeaders headers = signer.signAt("GET", GET_PATH, null, null, TIMESTAMP, GET_NONCE);

        assertThat(headers).isEqualTo(new SignedRequestHeaders(ADDRESS, "1700000000", GET_NONCE, GET_SIGNATURE));
        assertThat(verifier.verify("GET", GET_PATH, "", new byte[0], headers).address())
                .contains(ADDRESS);
    }

    @Test
    void shouldShowTheTestedValuesWhenReadingSigningMd() throws IOException {
        // Surefire runs in the module directory, where SIGNING.md lives.
        String doc = Files.readString(Path.of("SIGNING.md"));

        assertThat(doc)
                .contains(DEV_KEY, ADDRESS, POST_CANONICAL, POST_SIGNATURE, GET_CANONICAL, GET_SIGNATURE)
                .contains(new String(POST_BODY, StandardCharsets.UTF_8))
                .contains("`b=2&a=x+y&a=%7e1` and `a=%7E1&b=2&a=x%20y` both become `a=x%20y&a=~1&b=2`");
    }
}
