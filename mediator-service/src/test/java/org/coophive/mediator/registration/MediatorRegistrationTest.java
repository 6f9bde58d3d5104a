package org.coophive.mediator.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.coophive.common.chain.OnChainUser;
import org.coophive.common.testing.FakeChain;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.ServiceType;
import org.junit.jupiter.api.Test;

class MediatorRegistrationTest {

    private static final String MEDIATOR = DevAccounts.mediator().address();

    private final FakeChain.Account chain = new FakeChain().as(MEDIATOR);
    private final MediatorRegistration registration = new MediatorRegistration(chain);

    @Test
    void shouldCreateTheEntryAndListItWhenUnknown() {
        registration.register();

        assertThat(chain.calls()).containsExactly("updateUser", "addUserToList");
        assertThat(chain.getUser(MEDIATOR).orElseThrow().roles()).containsExactly(ServiceType.MEDIATOR);
        assertThat(chain.showUsersInList(ServiceType.MEDIATOR)).containsExactly(MEDIATOR);
    }

    @Test
    void shouldKeepOtherRolesMetadataAndUrlWhenAddingTheMediatorRole() {
        chain.updateUser("QmMeta", "http://example.test", List.of(ServiceType.RESOURCE_PROVIDER));

        registration.register();

        OnChainUser user = chain.getUser(MEDIATOR).orElseThrow();
        assertThat(user.roles()).containsExactly(ServiceType.RESOURCE_PROVIDER, ServiceType.MEDIATOR);
        assertThat(user.metadataCid()).isEqualTo("QmMeta");
        assertThat(user.url()).isEqualTo("http://example.test");
        assertThat(chain.showUsersInList(ServiceType.MEDIATOR)).containsExactly(MEDIATOR);
    }

    @Test
    void shouldSendNothingWhenAlreadyRegistered() {
        registration.register();
        List<String> before = chain.calls();

        registration.register();

        assertThat(chain.calls()).isEqualTo(before);
    }
}
