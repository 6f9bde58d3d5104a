package org.coophive.common.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalRequestTest {

    @Test
    void shouldJoinTheSevenDocumentedLinesWhenBuildingTheCanonicalString() {
        String canonical = CanonicalRequest.canonicalString(
                "post", "/api/v1/job_offers", "b=2&a=1", "{}".getBytes(StandardCharsets.UTF_8), "1700000000", "0a0b");

        assertThat(canonical)
                .isEqualTo("COOPHIVE-REQUEST-V1\n"
                        + "POST\n"
                        + "/api/v1/job_offers\n"
                        + "a=1&b=2\n"
                        + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\n"
                        + "1700000000\n"
                        + "0a0b");
    }

    @Test
    void shouldLeaveAnEmptyQueryLineAndHashTheEmptyBodyWhenThereIsNeither() {
        String canonical = CanonicalRequest.canonicalString("GET", "/files", null, null, "1", "00");

        assertThat(canonical.split("\n", -1))
                .containsExactly(
                        "COOPHIVE-REQUEST-V1",
                        "GET",
                        "/files",
                        "",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                        "1",
                        "00");
        assertThat(CanonicalRequest.bodySha256(new byte[0])).isEqualTo(CanonicalRequest.bodySha256(null));
    }

    @Test
    void shouldGiveTheEmptyStringWhenTheQueryIsAbsentOrHasNoParameters() {
        assertThat(CanonicalRequest.canonicalQuery(null)).isEmpty();
        assertThat(CanonicalRequest.canonicalQuery("")).isEmpty();
        assertThat(CanonicalRequest.canonicalQuery("&&")).isEmpty();
    }

    @Test
    void shouldSortByNameThenValueWhenParametersComeInAnyOrder() {
        assertThat(CanonicalRequest.canonicalQuery("state=DealAgreed&b=2&a=2&a=1"))
                .isEqualTo("a=1&a=2&b=2&state=DealAgreed");
        assertThat(CanonicalRequest.canonicalQuery("a=1&state=DealAgreed&a=2&b=2"))
                .isEqualTo("a=1&a=2&b=2&state=DealAgreed");
    }

    @Test
    void shouldProduceOneFormWhenClientLibrariesEncodeTheSameValueDifferently() {
        String expected = "q=hello%20world%2F~%C3%AB";

        assertThat(CanonicalRequest.canonicalQuery("q=hello+world/~ë")).isEqualTo(expected);
        assertThat(CanonicalRequest.canonicalQuery("q=hello%20world%2f%7e%c3%ab"))
                .isEqualTo(expected);
        assertThat(CanonicalRequest.canonicalQuery("q=hello%20world%2F%7E%C3%AB"))
                .isEqualTo(expected);
        assertThat(CanonicalRequest.canonicalQuery("%71=%68ello+world%2F~%C3%AB"))
                .isEqualTo(expected);
    }

    @Test
    void shouldKeepTheDocumentedExampleWhenCanonicalizingAQuery() {
        assertThat(CanonicalRequest.canonicalQuery("b=2&a=x+y&a=%7e1")).isEqualTo("a=x%20y&a=~1&b=2");
        assertThat(CanonicalRequest.canonicalQuery("a=%7E1&b=2&a=x%20y")).isEqualTo("a=x%20y&a=~1&b=2");
    }

    @Test
    void shouldTellPlusFromAnEncodedPlusWhenDecoding() {
        // A server reads "+" as a space and "%2B" as a plus: different values, different forms.
        assertThat(CanonicalRequest.canonicalQuery("a=1+2")).isEqualTo("a=1%202");
        assertThat(CanonicalRequest.canonicalQuery("a=1%2B2")).isEqualTo("a=1%2B2");
    }

    @Test
    void shouldChangeTheCanonicalFormWhenAValueChanges() {
        assertThat(CanonicalRequest.canonicalQuery("state=DealAgreed&a=1"))
                .isNotEqualTo(CanonicalRequest.canonicalQuery("state=DealAgreed&a=2"));
    }

    @Test
    void shouldSplitAtTheFirstEqualsSignWhenAValueContainsOne() {
        assertThat(CanonicalRequest.canonicalQuery("a=b=c")).isEqualTo("a=b%3Dc");
        assertThat(CanonicalRequest.canonicalQuery("flag")).isEqualTo(CanonicalRequest.canonicalQuery("flag="));
        assertThat(CanonicalRequest.canonicalQuery("flag")).isEqualTo("flag=");
    }

    @Test
    void shouldTreatAPercentWithoutTwoHexDigitsAsALiteralPercentWhenDecoding() {
        assertThat(CanonicalRequest.canonicalQuery("a=100%&b=%G1&c=%4")).isEqualTo("a=100%25&b=%25G1&c=%254");
    }
}
