package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.contracts.ServiceType.JOB_CREATOR;
import static org.coophive.contracts.ServiceType.MEDIATOR;
import static org.coophive.contracts.ServiceType.RESOURCE_PROVIDER;
import static org.coophive.contracts.ServiceType.SOLVER;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.coophive.contracts.ContractErrors.DecodedError;
import org.coophive.contracts.generated.CoopHiveUsers;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.Party;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class UsersIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    Party resourceProvider;
    Party jobCreator;

    @BeforeEach
    void setUp() throws Exception {
        resourceProvider = chain.resourceProvider();
        jobCreator = chain.jobCreator();
    }

    @Test
    void shouldReadBackEntryAndEmitUserUpdatedWhenAccountsRegister() throws Exception {
        var rpReceipt = register(resourceProvider, "123", "abc", RESOURCE_PROVIDER);
        var jcReceipt = register(jobCreator, "123", "def", JOB_CREATOR);

        assertUserUpdated(rpReceipt, resourceProvider, "123", "abc", RESOURCE_PROVIDER);
        assertUserUpdated(jcReceipt, jobCreator, "123", "def", JOB_CREATOR);
        assertEntry(resourceProvider, "123", "abc", RESOURCE_PROVIDER);
        assertEntry(jobCreator, "123", "def", JOB_CREATOR);
    }

    @Test
    void shouldReplaceEntryWhenAccountUpdatesItAgain() throws Exception {
        register(jobCreator, "123", "def", JOB_CREATOR);

        var receipt = register(jobCreator, "456", "ghi", JOB_CREATOR, SOLVER);

        assertUserUpdated(receipt, jobCreator, "456", "ghi", JOB_CREATOR, SOLVER);
        assertEntry(jobCreator, "456", "ghi", JOB_CREATOR, SOLVER);
    }

    @Test
    void shouldLeaveOtherEntriesUntouchedWhenAnotherAccountUpdatesItself() throws Exception {
        register(resourceProvider, "123", "abc", RESOURCE_PROVIDER);

        register(jobCreator, "999", "xyz", JOB_CREATOR);

        assertEntry(resourceProvider, "123", "abc", RESOURCE_PROVIDER);
        assertEntry(jobCreator, "999", "xyz", JOB_CREATOR);
    }

    @Test
    void shouldReturnEmptyEntryWhenAccountNeverRegistered() throws Exception {
        CoopHiveUsers.User user = users().getUser(chain.mediator().address()).send();

        assertThat(user.userAddress).isEqualTo("0x0000000000000000000000000000000000000000");
        assertThat(user.roles).isEmpty();
    }

    @Test
    void shouldRevertDuplicateRoleWhenRolesRepeat() throws Exception {
        DecodedError error = jobCreator.revertOf(
                users(), users().updateUser("123", "def", codes(JOB_CREATOR, MEDIATOR, JOB_CREATOR)));

        assertThat(error).isEqualTo(new DecodedError("DuplicateRole", List.of(code(JOB_CREATOR))));
    }

    @Test
    void shouldListUserAndEmitUserListedWhenAccountAddsItselfToItsRole() throws Exception {
        register(jobCreator, "123", "def", JOB_CREATOR);
        assertThat(listed(JOB_CREATOR)).isEmpty();

        var receipt = jobCreator.users().addUserToList(role(JOB_CREATOR)).send();

        assertThat(CoopHiveUsers.getUserListedEvents(receipt)).singleElement().satisfies(e -> {
            assertThat(e.role).isEqualTo(role(JOB_CREATOR));
            assertThat(e.user).isEqualToIgnoringCase(jobCreator.address());
        });
        assertThat(listed(JOB_CREATOR)).containsExactly(lower(jobCreator));
        assertThat(listed(RESOURCE_PROVIDER)).isEmpty();
    }

    @Test
    void shouldRevertMissingRoleWhenAccountListsItselfUnderRoleItLacks() throws Exception {
        register(jobCreator, "123", "def", JOB_CREATOR);

        DecodedError error = jobCreator.revertOf(users(), users().addUserToList(role(RESOURCE_PROVIDER)));

        assertThat(error)
                .isEqualTo(new DecodedError("MissingRole", List.of(checksum(jobCreator), code(RESOURCE_PROVIDER))));
    }

    @Test
    void shouldRevertAlreadyListedWhenAccountListsItselfTwice() throws Exception {
        register(jobCreator, "123", "def", JOB_CREATOR);
        jobCreator.users().addUserToList(role(JOB_CREATOR)).send();

        DecodedError error = jobCreator.revertOf(users(), users().addUserToList(role(JOB_CREATOR)));

        assertThat(error)
                .isEqualTo(new DecodedError("AlreadyListed", List.of(checksum(jobCreator), code(JOB_CREATOR))));
        assertThat(listed(JOB_CREATOR)).containsExactly(lower(jobCreator));
    }

    @Test
    void shouldUnlistUserAndEmitUserUnlistedWhenAccountRemovesItself() throws Exception {
        register(jobCreator, "123", "def", JOB_CREATOR);
        jobCreator.users().addUserToList(role(JOB_CREATOR)).send();

        var receipt = jobCreator.users().removeUserFromList(role(JOB_CREATOR)).send();

        assertThat(CoopHiveUsers.getUserUnlistedEvents(receipt)).singleElement().satisfies(e -> {
            assertThat(e.role).isEqualTo(role(JOB_CREATOR));
            assertThat(e.user).isEqualToIgnoringCase(jobCreator.address());
        });
        assertThat(listed(JOB_CREATOR)).isEmpty();
    }

    @Test
    void shouldKeepOtherUsersListedWhenOneInTheMiddleLeaves() throws Exception {
        Party solver = chain.solver();
        Party mediator = chain.mediator();
        for (Party party : List.of(jobCreator, solver, mediator)) {
            register(party, "123", "", JOB_CREATOR);
            party.users().addUserToList(role(JOB_CREATOR)).send();
        }

        jobCreator.users().removeUserFromList(role(JOB_CREATOR)).send();
        assertThat(listed(JOB_CREATOR)).containsExactlyInAnyOrder(lower(solver), lower(mediator));

        // The last user was moved into the freed place: removing it must still find it.
        mediator.users().removeUserFromList(role(JOB_CREATOR)).send();
        assertThat(listed(JOB_CREATOR)).containsExactly(lower(solver));
    }

    @Test
    void shouldRevertNotListedWhenAccountRemovesItselfFromListItIsNotOn() throws Exception {
        register(jobCreator, "123", "def", JOB_CREATOR);

        DecodedError error = jobCreator.revertOf(users(), users().removeUserFromList(role(JOB_CREATOR)));

        assertThat(error).isEqualTo(new DecodedError("NotListed", List.of(checksum(jobCreator), code(JOB_CREATOR))));
    }

    @Test
    void shouldRevertUserNotFoundWhenUnregisteredAccountUsesTheLists() throws Exception {
        Party stranger = chain.mediator();
        DecodedError expected = new DecodedError("UserNotFound", List.of(checksum(stranger)));

        assertThat(stranger.revertOf(users(), users().addUserToList(role(MEDIATOR))))
                .isEqualTo(expected);
        assertThat(stranger.revertOf(users(), users().removeUserFromList(role(MEDIATOR))))
                .isEqualTo(expected);
    }

    @Test
    void shouldTakeUserOffListWhenUpdateDropsThatRole() throws Exception {
        register(jobCreator, "123", "def", JOB_CREATOR, RESOURCE_PROVIDER);
        jobCreator.users().addUserToList(role(JOB_CREATOR)).send();
        jobCreator.users().addUserToList(role(RESOURCE_PROVIDER)).send();

        var receipt = register(jobCreator, "123", "def", JOB_CREATOR);

        assertThat(CoopHiveUsers.getUserUnlistedEvents(receipt)).singleElement().satisfies(e -> {
            assertThat(e.role).isEqualTo(role(RESOURCE_PROVIDER));
            assertThat(e.user).isEqualToIgnoringCase(jobCreator.address());
        });
        assertThat(listed(RESOURCE_PROVIDER)).isEmpty();
        assertThat(listed(JOB_CREATOR)).containsExactly(lower(jobCreator));
        assertThat(jobCreator.revertOf(users(), users().addUserToList(role(RESOURCE_PROVIDER))))
                .isEqualTo(new DecodedError("MissingRole", List.of(checksum(jobCreator), code(RESOURCE_PROVIDER))));
    }

    // ---------------------------------------------------------------- helpers

    private static CoopHiveUsers users() {
        return chain.admin().users();
    }

    private static TransactionReceipt register(Party party, String metadataCid, String url, ServiceType... roles)
            throws Exception {
        return party.users().updateUser(metadataCid, url, codes(roles)).send();
    }

    private static void assertUserUpdated(
            TransactionReceipt receipt, Party party, String metadataCid, String url, ServiceType... roles) {
        assertThat(CoopHiveUsers.getUserUpdatedEvents(receipt)).singleElement().satisfies(e -> {
            assertThat(e.user).isEqualToIgnoringCase(party.address());
            assertThat(e.metadataCID).isEqualTo(metadataCid);
            assertThat(e.url).isEqualTo(url);
            assertThat(e.roles).isEqualTo(codes(roles));
        });
    }

    private static void assertEntry(Party party, String metadataCid, String url, ServiceType... roles)
            throws Exception {
        CoopHiveUsers.User user = users().getUser(party.address()).send();
        assertThat(user.userAddress).isEqualToIgnoringCase(party.address());
        assertThat(user.metadataCID).isEqualTo(metadataCid);
        assertThat(user.url).isEqualTo(url);
        assertThat(user.roles).isEqualTo(codes(roles));
    }

    @SuppressWarnings("unchecked")
    private static List<String> listed(ServiceType role) throws Exception {
        List<String> addresses = users().showUsersInList(role(role)).send();
        return addresses.stream().map(String::toLowerCase).toList();
    }

    private static BigInteger role(ServiceType role) {
        return BigInteger.valueOf(role.code());
    }

    private static List<BigInteger> codes(ServiceType... roles) {
        return Arrays.stream(roles).map(UsersIT::role).toList();
    }

    /** A role as a decoded error renders it. */
    private static String code(ServiceType role) {
        return Integer.toString(role.code());
    }

    private static String checksum(Party party) {
        return Keys.toChecksumAddress(party.address());
    }

    private static String lower(Party party) {
        return party.address().toLowerCase();
    }
}
