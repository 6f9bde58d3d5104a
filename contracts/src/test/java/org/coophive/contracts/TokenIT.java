package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.contracts.testing.ChainFixture.TOKENS_PER_ACCOUNT;
import static org.coophive.contracts.testing.ChainFixture.tokens;

import java.math.BigInteger;
import java.util.List;
import org.coophive.contracts.ContractErrors.DecodedError;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.coophive.contracts.generated.CoopHiveToken;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.Party;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.crypto.Keys;
import org.web3j.protocol.exceptions.TransactionException;

class TokenIT {

    /** The fixture funds every named account except admin and treasury. */
    private static final int FUNDED_ACCOUNTS = 6;

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    Party admin;
    Party jobCreator;
    Party resourceProvider;

    @BeforeEach
    void setUp() throws Exception {
        admin = chain.admin();
        jobCreator = chain.jobCreator();
        resourceProvider = chain.resourceProvider();
    }

    @Test
    void shouldDescribeTokenWhenDeployed() throws Exception {
        CoopHiveToken token = admin.token();

        assertThat(token.name().send()).isEqualTo("CoopHive Token");
        assertThat(token.symbol().send()).isEqualTo("HIVE");
        assertThat(token.decimals().send()).isEqualTo(BigInteger.valueOf(18));
        assertThat(token.totalSupply().send()).isEqualTo(tokens(1_000_000_000));
    }

    @Test
    void shouldKeepRestOfSupplyWithAdminWhenFixtureFundedTheAccounts() throws Exception {
        assertThat(admin.tokens()).isEqualTo(tokens(1_000_000_000).subtract(tokens(100_000L * FUNDED_ACCOUNTS)));
    }

    @Test
    void shouldHoldExactlyTheDefaultAmountWhenAccountIsFunded() throws Exception {
        for (DevAccount account : DevAccounts.all()) {
            if (account.equals(DevAccounts.admin())) continue;
            BigInteger expected = account.equals(DevAccounts.treasury()) ? BigInteger.ZERO : TOKENS_PER_ACCOUNT;
            assertThat(chain.tokensOf(account.address())).as(account.name()).isEqualTo(expected);
        }
    }

    @Test
    void shouldPauseAndUnpauseWhenOwnerAsks() throws Exception {
        var paused = admin.token().pause().send();

        assertThat(CoopHiveToken.getPausedEvents(paused)).singleElement().satisfies(e -> assertThat(e.account)
                .isEqualToIgnoringCase(admin.address()));
        assertThat(admin.token().paused().send()).isTrue();

        var unpaused = admin.token().unpause().send();

        assertThat(CoopHiveToken.getUnpausedEvents(unpaused)).singleElement().satisfies(e -> assertThat(e.account)
                .isEqualToIgnoringCase(admin.address()));
        assertThat(admin.token().paused().send()).isFalse();
    }

    @Test
    void shouldRevertOwnableUnauthorizedAccountWhenNonOwnerPauses() throws Exception {
        DecodedError error =
                jobCreator.revertOf(jobCreator.token(), jobCreator.token().pause());

        assertThat(error).isEqualTo(unauthorized(jobCreator));
    }

    @Test
    void shouldRevertOwnableUnauthorizedAccountWhenNonOwnerUnpauses() throws Exception {
        admin.token().pause().send();

        DecodedError error =
                jobCreator.revertOf(jobCreator.token(), jobCreator.token().unpause());

        assertThat(error).isEqualTo(unauthorized(jobCreator));
        assertThat(admin.token().paused().send()).isTrue();
    }

    @Test
    void shouldRevertEnforcedPauseWhenTransferringWhilePaused() throws Exception {
        admin.token().pause().send();

        DecodedError error = jobCreator.revertOf(
                jobCreator.token(), jobCreator.token().transfer(resourceProvider.address(), tokens(1)));

        assertThat(error.name()).isEqualTo("EnforcedPause");
    }

    @Test
    void shouldTransferAgainWhenUnpaused() throws Exception {
        admin.token().pause().send();
        admin.token().unpause().send();
        BigInteger before = resourceProvider.tokens();

        var receipt = jobCreator
                .token()
                .transfer(resourceProvider.address(), tokens(1))
                .send();

        assertThat(CoopHiveToken.getTransferEvents(receipt)).singleElement().satisfies(t -> {
            assertThat(t.from).isEqualToIgnoringCase(jobCreator.address());
            assertThat(t.to).isEqualToIgnoringCase(resourceProvider.address());
            assertThat(t.value).isEqualTo(tokens(1));
        });
        assertThat(resourceProvider.tokens()).isEqualTo(before.add(tokens(1)));
    }

    @Test
    void shouldStoreNothingWhenAgreeingWhilePaused() throws Exception {
        TestDeal deal = TestDeal.between("paused", chain.solver(), jobCreator, resourceProvider, chain.mediator());
        jobCreator.token().approve(chain.addresses().payments(), tokens(1000)).send();
        BigInteger before = jobCreator.tokens();
        admin.token().pause().send();

        DecodedError error = jobCreator.revertOf(
                jobCreator.controller(), jobCreator.controller().agree(deal.toContract()));
        assertThatThrownBy(
                        () -> jobCreator.controller().agree(deal.toContract()).send())
                .isInstanceOf(TransactionException.class);

        assertThat(error.name()).isEqualTo("EnforcedPause");
        assertThat(admin.storage().hasDeal(deal.key()).send()).isFalse();
        assertThat(chain.escrowOf(deal.key())).isZero();
        assertThat(jobCreator.tokens()).isEqualTo(before);
    }

    private static DecodedError unauthorized(Party party) {
        return new DecodedError("OwnableUnauthorizedAccount", List.of(Keys.toChecksumAddress(party.address())));
    }
}
