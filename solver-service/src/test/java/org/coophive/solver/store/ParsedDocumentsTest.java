package org.coophive.solver.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.coophive.common.model.DealContainer;
import org.coophive.contracts.AgreementState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ParsedDocumentsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String document(String id, AgreementState state) {
        return JSON.writeValueAsString(new DealContainer(
                id,
                "0xc000000000000000000000000000000000000001",
                "0xb000000000000000000000000000000000000001",
                "job",
                "resource",
                state,
                null,
                null,
                ""));
    }

    @Test
    void shouldReadTheSameTextAsTheSameRecordAndAChangedTextAfresh() {
        ParsedDocuments<DealContainer> documents = new ParsedDocuments<>(JSON, DealContainer.class, 8);
        String negotiating = document("deal-1", AgreementState.DEAL_NEGOTIATING);

        DealContainer first = documents.read(negotiating);
        DealContainer again = documents.read(new String(negotiating.toCharArray()));
        DealContainer agreed = documents.read(document("deal-1", AgreementState.DEAL_AGREED));

        assertThat(first.id()).isEqualTo("deal-1");
        assertThat(first.state()).isEqualTo(AgreementState.DEAL_NEGOTIATING);
        assertThat(again).as("parsed once").isSameAs(first);
        assertThat(agreed.state()).isEqualTo(AgreementState.DEAL_AGREED);
    }

    @Test
    void shouldKeepOnlyTheLastTextsReadAndParseAnOlderOneAgain() {
        ParsedDocuments<DealContainer> documents = new ParsedDocuments<>(JSON, DealContainer.class, 2);
        String one = document("deal-1", AgreementState.DEAL_NEGOTIATING);
        String two = document("deal-2", AgreementState.DEAL_NEGOTIATING);
        DealContainer first = documents.read(one);
        DealContainer second = documents.read(two);
        documents.read(one); // used again: deal-2 is now the eldest
        documents.read(document("deal-3", AgreementState.DEAL_NEGOTIATING));

        assertThat(documents.read(one)).isSameAs(first);
        DealContainer secondAgain = documents.read(two);
        assertThat(secondAgain).as("parsed again").isNotSameAs(second).isEqualTo(second);
    }
}
