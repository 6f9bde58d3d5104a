package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DevAccountsTest {

    @Test
    void shouldDeriveTheWellKnownDevAddressesWhenReadingTheTestMnemonic() {
        // The standard Anvil/Hardhat accounts #0-#6, as the seed's stack names them.
        assertThat(DevAccounts.admin().address()).isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(DevAccounts.faucet().address()).isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assertThat(DevAccounts.solver().address()).isEqualTo("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
        assertThat(DevAccounts.mediator().address()).isEqualTo("0x90F79bf6EB2c4f870365E785982E1f101E93b906");
        assertThat(DevAccounts.resourceProvider().address()).isEqualTo("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");
        assertThat(DevAccounts.jobCreator().address()).isEqualTo("0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc");
        assertThat(DevAccounts.directory().address()).isEqualTo("0x976EA74026E726554dB657fA54763abd0C3a0aa9");
    }

    @Test
    void shouldFindAccountsByTheirEnvironmentNamesWhenLookedUp() {
        assertThat(DevAccounts.byName("resource_provider")).contains(DevAccounts.resourceProvider());
        assertThat(DevAccounts.resourceProvider().envPrefix()).isEqualTo("RESOURCE_PROVIDER");
        assertThat(DevAccounts.byName("nobody")).isEmpty();
    }

    @Test
    void shouldNotPrintTheKeyWhenAnAccountIsPrinted() {
        String privateKey =
                DevAccounts.admin().credentials().getEcKeyPair().getPrivateKey().toString(16);
        assertThat(DevAccounts.admin().toString()).doesNotContain(privateKey).contains("admin");
    }
}
