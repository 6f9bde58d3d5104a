package org.coophive.common.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.OnChainUser;
import org.coophive.common.chain.TxResult;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.ServiceType;
import org.junit.jupiter.api.Test;

class ServiceRegistrationTest {

    private static final String SELF = DevAccounts.mediator().address();

    private final UsersContract users = new UsersContract();
    private final ChainClient chain = users.client(SELF);

    @Test
    void shouldCreateTheEntryAndListItWhenUnknown() {
        new ServiceRegistration(chain, ServiceType.MEDIATOR).register();

        assertThat(users.calls).containsExactly("updateUser [MEDIATOR]", "addUserToList MEDIATOR");
        assertThat(users.entries.get(SELF).roles()).containsExactly(ServiceType.MEDIATOR);
        assertThat(users.lists.get(ServiceType.MEDIATOR)).containsExactly(SELF);
    }

    @Test
    void shouldKeepOtherRolesMetadataAndUrlWhenAddingARole() {
        users.entries.put(
                SELF, new OnChainUser(SELF, "QmMeta", "http://example.test", List.of(ServiceType.RESOURCE_PROVIDER)));

        new ServiceRegistration(chain, ServiceType.MEDIATOR).register();

        OnChainUser user = users.entries.get(SELF);
        assertThat(user.roles()).containsExactly(ServiceType.RESOURCE_PROVIDER, ServiceType.MEDIATOR);
        assertThat(user.metadataCid()).isEqualTo("QmMeta");
        assertThat(user.url()).isEqualTo("http://example.test");
    }

    @Test
    void shouldSendNothingWhenAlreadyRegisteredAndListedWhateverTheAddressCase() {
        new ServiceRegistration(chain, ServiceType.SOLVER, "http://solver.test").register();
        users.lists.put(ServiceType.SOLVER, List.of(SELF.toLowerCase()));
        users.calls.clear();

        new ServiceRegistration(chain, ServiceType.SOLVER, "http://solver.test").register();

        assertThat(users.calls).isEmpty();
    }

    @Test
    void shouldUpdateTheUrlKeepingRolesWhenItChanged() {
        new ServiceRegistration(chain, ServiceType.SOLVER, "http://old.test").register();
        users.calls.clear();

        new ServiceRegistration(chain, ServiceType.SOLVER, "http://new.test").register();

        assertThat(users.calls).containsExactly("updateUser [SOLVER]");
        assertThat(users.entries.get(SELF).url()).isEqualTo("http://new.test");
    }

    @Test
    void shouldRegisterEarlyInTheStart() {
        ServiceRegistration registration = new ServiceRegistration(chain, ServiceType.MEDIATOR);

        registration.start();

        assertThat(registration.isRunning()).isTrue();
        assertThat(registration.getPhase()).isLessThan(PassLoop.PHASE);
        assertThat(users.lists.get(ServiceType.MEDIATOR)).containsExactly(SELF);
    }

    /** The Users contract in memory, behind the few {@link ChainClient} methods registration uses. */
    private static final class UsersContract {
        final Map<String, OnChainUser> entries = new HashMap<>();
        final Map<ServiceType, List<String>> lists = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        ChainClient client(String self) {
            TxResult mined = new TxResult("0x" + "cd".repeat(32), 1, BigInteger.ONE);
            return (ChainClient) Proxy.newProxyInstance(
                    ChainClient.class.getClassLoader(), new Class<?>[] {ChainClient.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "address":
                                return self;
                            case "getUser":
                                return Optional.ofNullable(entries.get((String) args[0]));
                            case "showUsersInList":
                                return lists.getOrDefault((ServiceType) args[0], List.of());
                            case "updateUser": {
                                @SuppressWarnings("unchecked")
                                List<ServiceType> roles = (List<ServiceType>) args[2];
                                calls.add("updateUser " + roles);
                                entries.put(self, new OnChainUser(self, (String) args[0], (String) args[1], roles));
                                return mined;
                            }
                            case "addUserToList": {
                                ServiceType role = (ServiceType) args[0];
                                calls.add("addUserToList " + role);
                                List<String> list = new ArrayList<>(lists.getOrDefault(role, List.of()));
                                list.add(self);
                                lists.put(role, list);
                                return mined;
                            }
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }
}
