package org.coophive.common.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.coophive.common.model.Deal;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ContentIdsTest {

    // Pinned: computed once from the golden files. A change here changes every id on the network.
    static final String MODULE_ID = "QmSm9nwYbCjY8rPRx2XbtoYQKJPTYV45aWBii29qbCCURV";
    static final String JOB_OFFER_ID = "QmarBeVqSNK8Ety9G8adP51EaiN5uswxhBkTtaJUVrUtBa";
    static final String RESOURCE_OFFER_ID = "QmYTLWEbK6S4SoEqDhsqCwJgbXME6XDozdqCDG5DfiQewP";
    static final String DEAL_ID = "QmShEbeAVTFM7ZYBqiLe8irgbVfZuqRptcy71DdgukbFGh";
    static final String RESULT_ID = "QmUJ8o3zMtP3fAMdE5cfGZyaVGrky9hW6uyFM4DrF4EAuD";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void shouldMatchReferenceVectorWhenHashingTheBytes0801() {
        assertThat(ContentIds.ofBytes(new byte[] {0x08, 0x01}))
                .isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    }

    @Test
    void shouldMatchReferenceModuleIdsWhenHashingTheGoJsonBytes() {
        assertThat(ContentIds.ofBytes(goModuleJson("cowsay", "v0.0.1")))
                .isEqualTo("QmWv7YAqzTFPk66PJfKxDVwTJGwBDmeHSteP8vFXm2WLW3");
        assertThat(ContentIds.ofBytes(goModuleJson("sdxl", "v0.2.9")))
                .isEqualTo("QmbGrCosrnSrQnWT8aL7nukqDywwTCfBUMFCcbiLjTv3RF");
        assertThat(ContentIds.ofBytes(goModuleJson("mistral-7b-instruct", "v0.1.0")))
                .isEqualTo("QmTtYLcF4J54panopejfuj882YMBC5f6sm9vq2VD6SFYyN");
    }

    @Test
    void shouldSortKeysAtEveryLevelWithoutWhitespaceWhenWritingCanonicalJson() {
        JsonNode tree =
                MAPPER.readTree("{ \"b\": {\"z\": 1, \"a\": [ {\"y\": true, \"x\": null}, -7 ]},\n \"a\": \"v\" }");

        assertThat(canonical(tree)).isEqualTo("{\"a\":\"v\",\"b\":{\"a\":[{\"x\":null,\"y\":true},-7],\"z\":1}}");
    }

    @Test
    void shouldEscapeOnlyQuotesBackslashesAndControlCharactersWhenWritingStrings() {
        JsonNode tree = MAPPER.createObjectNode().put("s", "\"\\/\n\t\r\b\f\u0001\u001f <>&é€😀\u2028");

        assertThat(canonical(tree)).isEqualTo("{\"s\":\"\\\"\\\\/\\n\\t\\r\\b\\f\\u0001\\u001f <>&é€😀\u2028\"}");
        assertThat(ContentIds.canonicalJson(tree))
                .containsSubsequence("é".getBytes(StandardCharsets.UTF_8))
                .containsSubsequence("😀".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldOrderKeysByCodePointWhenKeysHoldCharactersBeyondTheBasicPlane() {
        // String.compareTo would put U+1F600 (a surrogate pair, 0xD83D...) before U+FFFD.
        JsonNode tree = MAPPER.createObjectNode().put("😀", 2).put("\uFFFD", 1).put("Z", 0);

        assertThat(canonical(tree)).isEqualTo("{\"Z\":0,\"\uFFFD\":1,\"😀\":2}");
    }

    @Test
    void shouldReplaceUnpairedSurrogateWhenWritingStrings() {
        JsonNode tree = MAPPER.createObjectNode().put("s", "a\uD800b");

        assertThat(canonical(tree)).isEqualTo("{\"s\":\"a\uFFFDb\"}");
    }

    @Test
    void shouldRefuseFractionalNumberWhenWritingCanonicalJson() {
        JsonNode tree = MAPPER.readTree("{\"price\": {\"amount\": 1.5}}");

        assertThatThrownBy(() -> ContentIds.of(tree))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.price.amount")
                .hasMessageContaining("1.5");
    }

    @Test
    void shouldEmptyOnlyTheTopLevelIdWhenHashing() {
        JsonNode tree = MAPPER.readTree("{\"n\": {\"id\": \"inner\"}, \"id\": \"outer\"}");

        assertThat(canonical(tree)).isEqualTo("{\"id\":\"\",\"n\":{\"id\":\"inner\"}}");
        assertThat(tree.get("id").stringValue())
                .as("the caller's tree is untouched")
                .isEqualTo("outer");
    }

    @Test
    void shouldHashValueAsItIsWhenItHasNoIdField() {
        ModuleConfig module = new ModuleConfig("", "https://example.org/m", "v1", "/module.coophive");

        assertThat(canonical(module))
                .isEqualTo(
                        "{\"hash\":\"v1\",\"name\":\"\",\"path\":\"/module.coophive\",\"repo\":\"https://example.org/m\"}");
    }

    @Test
    void shouldMatchPinnedIdsWhenHashingGoldenRecords() {
        assertThat(ContentIds.of(golden("module-config.json", ModuleConfig.class)))
                .isEqualTo(MODULE_ID);
        assertThat(ContentIds.of(golden("job-offer.json", JobOffer.class))).isEqualTo(JOB_OFFER_ID);
        assertThat(ContentIds.of(golden("resource-offer.json", ResourceOffer.class)))
                .isEqualTo(RESOURCE_OFFER_ID);
        assertThat(ContentIds.of(golden("deal.json", Deal.class))).isEqualTo(DEAL_ID);
        assertThat(ContentIds.of(golden("result.json", Result.class))).isEqualTo(RESULT_ID);
    }

    @Test
    void shouldCarryTheirOwnIdsWhenGoldenFilesAreRead() {
        Deal deal = golden("deal.json", Deal.class);

        assertThat(golden("job-offer.json", JobOffer.class).id()).isEqualTo(JOB_OFFER_ID);
        assertThat(golden("resource-offer.json", ResourceOffer.class).id()).isEqualTo(RESOURCE_OFFER_ID);
        assertThat(golden("resource-offer.json", ResourceOffer.class).modules()).containsExactly(MODULE_ID);
        assertThat(deal.id()).isEqualTo(DEAL_ID);
        assertThat(deal.jobOffer().id()).isEqualTo(JOB_OFFER_ID);
        assertThat(deal.resourceOffer().id()).isEqualTo(RESOURCE_OFFER_ID);
        assertThat(golden("result.json", Result.class).id()).isEqualTo(RESULT_ID);
    }

    @Test
    void shouldKeepIdWhenOnlyTheIdFieldDiffers() {
        JobOffer offer = golden("job-offer.json", JobOffer.class);

        assertThat(ContentIds.of(offer.withId(""))).isEqualTo(JOB_OFFER_ID);
        assertThat(ContentIds.of(offer.withId("anything"))).isEqualTo(JOB_OFFER_ID);
    }

    @Test
    void shouldChangeIdWhenAnyContentChanges() {
        JobOffer offer = golden("job-offer.json", JobOffer.class);
        JobOffer otherInput = new JobOffer(
                offer.id(),
                offer.createdAt(),
                offer.jobCreator(),
                offer.module(),
                offer.spec(),
                Map.of("Message", "moo!"),
                offer.mode(),
                offer.pricing(),
                offer.timeouts(),
                offer.trustedParties());
        Deal deal = golden("deal.json", Deal.class);
        Deal otherOffer =
                new Deal(deal.id(), deal.members(), deal.pricing(), deal.timeouts(), otherInput, deal.resourceOffer());

        assertThat(ContentIds.of(otherInput)).isNotEqualTo(JOB_OFFER_ID);
        assertThat(ContentIds.of(otherOffer)).isNotEqualTo(DEAL_ID);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 16_383, 16_384, 65_536, 300_001})
    void shouldMatchInMemoryIdWhenStreamingContentOfKnownLength(int length) throws IOException {
        byte[] content = new byte[length];
        new Random(length).nextBytes(content);

        assertThat(ContentIds.ofStream(new ByteArrayInputStream(content), length))
                .isEqualTo(ContentIds.ofBytes(content));
    }

    @Test
    void shouldHashTheDagPbNodeWhenStreamingLargeContent() throws Exception {
        // 200,000 bytes: the varint of the length takes three bytes (0xC0 0x9A 0x0C).
        byte[] content = new byte[200_000];
        new Random(7).nextBytes(content);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(new byte[] {0x0A, (byte) 0xC0, (byte) 0x9A, 0x0C});
        byte[] expected = sha256.digest(content);

        String id = ContentIds.ofStream(new ByteArrayInputStream(content), content.length);

        assertThat(ContentIds.digest(id)).isEqualTo(expected);
    }

    @Test
    void shouldMatchInMemoryIdWhenHashingAFile(@TempDir Path dir) throws IOException {
        byte[] content = "a result archive".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("result.tar"), content);

        assertThat(ContentIds.ofFile(file)).isEqualTo(ContentIds.ofBytes(content));
    }

    @Test
    void shouldFailWhenStreamEndsBeforeAnnouncedLength() {
        assertThatThrownBy(() -> ContentIds.ofStream(new ByteArrayInputStream(new byte[10]), 11))
                .isInstanceOf(IOException.class)
                .hasMessage("the stream ended after 10 of the 11 bytes announced");
    }

    @Test
    void shouldFailWhenStreamHoldsMoreThanAnnouncedLength() {
        assertThatThrownBy(() -> ContentIds.ofStream(new ByteArrayInputStream(new byte[10]), 9))
                .isInstanceOf(IOException.class)
                .hasMessage("the stream holds more than the 9 bytes announced");
    }

    @Test
    void shouldReadEveryByteWhenStreamDeliversSmallChunks() throws IOException {
        byte[] content = new byte[1000];
        new Random(3).nextBytes(content);
        InputStream trickle = new ByteArrayInputStream(content) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };

        assertThat(ContentIds.ofStream(trickle, content.length)).isEqualTo(ContentIds.ofBytes(content));
    }

    @Test
    void shouldGiveTheSha256OfTheNodeWhenTakingTheDigest() throws Exception {
        byte[] node = {0x0A, 0x02, 0x08, 0x01};

        assertThat(ContentIds.digest("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn"))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(node));
    }

    @Test
    void shouldRestoreIdWhenConvertingDigestBack() {
        for (String id : new String[] {JOB_OFFER_ID, RESOURCE_OFFER_ID, DEAL_ID, RESULT_ID, MODULE_ID}) {
            byte[] digest = ContentIds.digest(id);

            assertThat(digest).hasSize(32);
            assertThat(ContentIds.fromDigest(digest)).isEqualTo(id);
        }
        byte[] zeros = new byte[32];
        assertThat(ContentIds.digest(ContentIds.fromDigest(zeros))).isEqualTo(zeros);
        assertThat(ContentIds.fromDigest(zeros)).startsWith("Qm").hasSize(ContentIds.LENGTH);
    }

    @Test
    void shouldRefuseDigestWhenItIsNot32Bytes() {
        assertThatThrownBy(() -> ContentIds.fromDigest(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a content id digest has 32 bytes, not 31");
    }

    @Test
    void shouldSayWhatIsWrongWhenStringIsNotAContentId() {
        String wrongPrefix = Base58.encode(HexFormat.of().parseHex("1221" + "ab".repeat(32)));

        assertThat(ContentIds.validationError("")).contains("'' is not a content id: it is empty");
        assertThat(ContentIds.validationError(null)).contains("content id is missing");
        assertThat(ContentIds.validationError("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"))
                .hasValueSatisfying(error -> assertThat(error).contains("59 characters; a CIDv0 has 46"));
        assertThat(ContentIds.validationError("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3N0"))
                .hasValueSatisfying(
                        error -> assertThat(error).contains("'0' at index 45 is not a base58btc character"));
        assertThat(ContentIds.validationError(wrongPrefix))
                .hasValueSatisfying(error -> assertThat(error).contains("starts with 0x1221, not 0x1220"));
        assertThat(ContentIds.validationError(DEAL_ID)).isEmpty();
        assertThat(ContentIds.isValid(DEAL_ID)).isTrue();
        assertThat(ContentIds.isValid("0x" + "ab".repeat(32))).isFalse();
    }

    @Test
    void shouldThrowNamingTheStringWhenTakingDigestOfAnInvalidId() {
        assertThatThrownBy(() -> ContentIds.digest("Qm123"))
                .isInstanceOf(InvalidContentIdException.class)
                .hasMessageStartingWith("'Qm123' is not a content id")
                .satisfies(e ->
                        assertThat(((InvalidContentIdException) e).contentId()).isEqualTo("Qm123"));
        assertThatThrownBy(() -> ContentIds.requireValid("")).isInstanceOf(InvalidContentIdException.class);
        assertThat(ContentIds.requireValid(DEAL_ID)).isEqualTo(DEAL_ID);
    }

    private static byte[] goModuleJson(String module, String version) {
        return ("{\"name\":\"\",\"repo\":\"https://github.com/coophive/coophive-module-" + module + "\",\"hash\":\""
                        + version + "\",\"path\":\"/module.coophive\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String canonical(Object value) {
        return new String(ContentIds.canonicalJson(value), StandardCharsets.UTF_8);
    }

    static <T> T golden(String file, Class<T> type) {
        try (InputStream in = ContentIdsTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) throw new IllegalStateException("no golden file " + file);
            return MAPPER.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
