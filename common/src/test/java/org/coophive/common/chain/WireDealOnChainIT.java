package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.common.chain.ChainTestSupport.UNLIMITED;
import static org.coophive.common.chain.ChainTestSupport.client;

import java.io.InputStream;
import org.coophive.common.model.Deal;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.ChainFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/** A deal as the solver sends it (the golden wire file) is agreed on chain as it is. */
class WireDealOnChainIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    @Test
    void shouldAgreeOnChainWhenBothPartiesTakeTheSolversDeal() throws Exception {
        Deal deal;
        try (InputStream json = getClass().getResourceAsStream("/golden/deal.json")) {
            deal = JsonMapper.builder().build().readValue(json, Deal.class);
        }
        DealTerms terms = DealTerms.of(deal);

        try (Web3ChainClient jc = client(chain, DevAccounts.jobCreator());
                Web3ChainClient rp = client(chain, DevAccounts.resourceProvider())) {
            jc.approvePayments(UNLIMITED);
            rp.approvePayments(UNLIMITED);
            jc.agree(terms);
            rp.agree(terms);

            OnChainAgreement agreement = jc.getAgreement(terms);
            assertThat(agreement.state()).isEqualTo(AgreementState.DEAL_AGREED);
            assertThat(terms.dealId().bytes()).isEqualTo(deal.onChainId());
            assertThat(jc.escrowOf(terms.key()))
                    .isEqualTo(deal.pricing()
                            .paymentCollateral()
                            .add(deal.timeouts().judgeResults().collateral())
                            .add(deal.timeouts().submitResults().collateral()));
        }
    }
}
