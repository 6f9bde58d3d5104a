package org.coophive.mediator.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.coophive.common.chain.OnChainUser;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.ServiceType;
import org.coophive.mediator.testing.FakeChain;
import org.junit.jupiter.api.Test;

class MediatorRegistrationTest {

    private static final String MEDIATOR = DevAccounts.mediator().address();

    private final FakeChain chain = new FakeChain(MEDIATOR);
    private final MediatorRegistration registration = new MediatorRegistration(chain);

    @Test
    void shouldCreateTheEntryAndListItWhenUnknown() {
        registration.register();

        assertThat(chain.userCalls).containsExactly("updateUser [MEDIATOR]", "addUserToList MEDIATOR");
        assertThat(chain.getUser(MEDIATOR).orElseThrow().roles()).containsExactly(ServiceType.MEDIATOR);
        assertThat(chain.mediatorList()).containsExactly(MEDIATOR);
    }

    @Test
    void shouldKeepOtherRolesMetadataAndUrlWhenAddingTheMediatorRole() {
        chain.user(new OnChainUser(MEDIATOR, "QmMeta", "http://example.test", List.of(ServiceType.RESOURCE_PROVIDER)));

        registration.register();

        OnChainUser user = chain.getUser(MEDIATOR).orElseThrow();
        assertThat(user.roles()).containsExactly(ServiceType.RESOURCE_PROVIDER, ServiceType.MEDIATOR);
        assertThat(user.metadataCid()).isEqualTo("QmMeta");
        assertThat(user.url()).isEqualTo("http://example.test");
        assertThat(chain.mediatorList()).containsExactly(MEDIATOR);
    }

    @Test
    void shouldSendNothingWhenAlreadyRegistered() {
        registration.register();
        chain.userCalls.clear();

        registration.register();

        assertThat(chain.userCalls).isEmpty();
    }
}
