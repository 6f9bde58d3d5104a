package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.coophive.contracts.ContractErrors.DecodedError;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.generated.CoopHiveToken;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.Party;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;

/** Who may call what on the deployed contracts, and how the deployment wired them. */
class AccessControlIT {

    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    Party admin;
    Party outsider;

    /** One call on one contract, as built for the party that sends it. */
    record Call(Contract contract, RemoteFunctionCall<TransactionReceipt> call) {}

    /** The ownership functions of an Ownable contract, as built for one party. */
    record OwnedCalls(
            Contract contract,
            RemoteFunctionCall<String> owner,
            Function<String, RemoteFunctionCall<TransactionReceipt>> transferOwnership,
            RemoteFunctionCall<TransactionReceipt> renounceOwnership) {}

    /** The controller administration of a ControllerOwnable contract, as built for one party. */
    record ControlledCalls(
            Contract contract,
            RemoteFunctionCall<String> controller,
            Function<String, RemoteFunctionCall<TransactionReceipt>> setControllerAddress,
            RemoteFunctionCall<TransactionReceipt> disableChangeControllerAddress) {}

    /** Every Ownable contract (all but Users). */
    private static final Map<String, Function<Party, OwnedCalls>> OWNED = ownedContracts();

    /** Every ControllerOwnable contract. */
    private static final Map<String, Function<Party, ControlledCalls>> CONTROLLED = controlledContracts();

    private static Map<String, Function<Party, OwnedCalls>> ownedContracts() {
        Map<String, Function<Party, OwnedCalls>> owned = new LinkedHashMap<>();
        owned.put(
                "token",
                p -> new OwnedCalls(
                        p.token(),
                        p.token().owner(),
                        p.token()::transferOwnership,
                        p.token().renounceOwnership()));
        owned.put(
                "payments",
                p -> new OwnedCalls(
                        p.payments(),
                        p.payments().owner(),
                        p.payments()::transferOwnership,
                        p.payments().renounceOwnership()));
        owned.put(
                "storage",
                p -> new OwnedCalls(
                        p.storage(),
                        p.storage().owner(),
                        p.storage()::transferOwnership,
                        p.storage().renounceOwnership()));
        owned.put(
                "mediation",
                p -> new OwnedCalls(
                        p.mediation(),
                        p.mediation().owner(),
                        p.mediation()::transferOwnership,
                        p.mediation().renounceOwnership()));
        owned.put(
                "jobCreator",
                p -> new OwnedCalls(
                        p.jobCreator(),
                        p.jobCreator().owner(),
                        p.jobCreator()::transferOwnership,
                        p.jobCreator().renounceOwnership()));
        owned.put(
                "controller",
                p -> new OwnedCalls(
                        p.controller(),
                        p.controller().owner(),
                        p.controller()::transferOwnership,
                        p.controller().renounceOwnership()));
        owned.put(
                "exampleClient",
                p -> new OwnedCalls(
                        p.exampleClient(),
                        p.exampleClient().owner(),
                        p.exampleClient()::transferOwnership,
                        p.exampleClient().renounceOwnership()));
        return owned;
    }

    private static Map<String, Function<Party, ControlledCalls>> controlledContracts() {
        Map<String, Function<Party, ControlledCalls>> controlled = new LinkedHashMap<>();
        controlled.put(
                "storage",
                p -> new ControlledCalls(
                        p.storage(),
                        p.storage().getControllerAddress(),
                        p.storage()::setControllerAddress,
                        p.storage().disableChangeControllerAddress()));
        controlled.put(
                "payments",
                p -> new ControlledCalls(
                        p.payments(),
                        p.payments().getControllerAddress(),
                        p.payments()::setControllerAddress,
                        p.payments().disableChangeControllerAddress()));
        controlled.put(
                "mediation",
                p -> new ControlledCalls(
                        p.mediation(),
                        p.mediation().getControllerAddress(),
                        p.mediation()::setControllerAddress,
                        p.mediation().disableChangeControllerAddress()));
        controlled.put(
                "jobCreator",
                p -> new ControlledCalls(
                        p.jobCreator(),
                        p.jobCreator().getControllerAddress(),
                        p.jobCreator()::setControllerAddress,
                        p.jobCreator().disableChangeControllerAddress()));
        return controlled;
    }

    @BeforeEach
    void setUp() throws Exception {
        admin = chain.admin();
        outsider = chain.jobCreator();
    }

    // ---------------------------------------------------------------- owner-only functions

    static Stream<Arguments> ownerOnlyCalls() {
        String someone = DevAccounts.directory().address();
        Stream<Arguments> specific = Stream.of(
                ownerOnly("token.pause", p -> new Call(p.token(), p.token().pause())),
                ownerOnly("token.unpause", p -> new Call(p.token(), p.token().unpause())),
                ownerOnly(
                        "payments.setTreasuryAddress",
                        p -> new Call(p.payments(), p.payments().setTreasuryAddress(someone))),
                ownerOnly(
                        "exampleClient.setJobManagerAddress",
                        p -> new Call(p.exampleClient(), p.exampleClient().setJobManagerAddress(someone))));
        Stream<Arguments> ownership = OWNED.entrySet().stream()
                .flatMap(e -> Stream.of(
                        ownerOnly(e.getKey() + ".transferOwnership", p -> {
                            OwnedCalls calls = e.getValue().apply(p);
                            return new Call(
                                    calls.contract(), calls.transferOwnership().apply(someone));
                        }),
                        ownerOnly(e.getKey() + ".renounceOwnership", p -> {
                            OwnedCalls calls = e.getValue().apply(p);
                            return new Call(calls.contract(), calls.renounceOwnership());
                        })));
        Stream<Arguments> controllers = CONTROLLED.entrySet().stream()
                .flatMap(e -> Stream.of(
                        ownerOnly(e.getKey() + ".setControllerAddress", p -> {
                            ControlledCalls calls = e.getValue().apply(p);
                            return new Call(
                                    calls.contract(),
                                    calls.setControllerAddress().apply(someone));
                        }),
                        ownerOnly(e.getKey() + ".disableChangeControllerAddress", p -> {
                            ControlledCalls calls = e.getValue().apply(p);
                            return new Call(calls.contract(), calls.disableChangeControllerAddress());
                        })));
        return Stream.of(specific, ownership, controllers).flatMap(Function.identity());
    }

    private static Arguments ownerOnly(String name, Function<Party, Call> call) {
        return Arguments.of(name, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownerOnlyCalls")
    void shouldRevertOwnableUnauthorizedAccountWhenNonOwnerCallsOwnerOnlyFunction(
            String name, Function<Party, Call> build) throws Exception {
        Call call = build.apply(outsider);

        DecodedError error = outsider.revertOf(call.contract(), call.call());

        assertThat(error).isEqualTo(new DecodedError("OwnableUnauthorizedAccount", List.of(checksum(outsider))));
    }

    static Stream<Arguments> owned() {
        return OWNED.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("owned")
    void shouldBeOwnedByAdminWhenDeployed(String name, Function<Party, OwnedCalls> contract) throws Exception {
        assertThat(contract.apply(admin).owner().send()).isEqualToIgnoringCase(admin.address());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("owned")
    void shouldHandOverOwnershipWhenOwnerTransfersIt(String name, Function<Party, OwnedCalls> contract)
            throws Exception {
        OwnedCalls calls = contract.apply(admin);

        var receipt = calls.transferOwnership().apply(outsider.address()).send();

        // Every contract declares the same OpenZeppelin event; any wrapper decodes it.
        assertThat(CoopHiveToken.getOwnershipTransferredEvents(receipt))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.previousOwner).isEqualToIgnoringCase(admin.address());
                    assertThat(e.newOwner).isEqualToIgnoringCase(outsider.address());
                });
        assertThat(calls.owner().send()).isEqualToIgnoringCase(outsider.address());
        assertThat(admin.revertOf(calls.contract(), calls.transferOwnership().apply(admin.address())))
                .isEqualTo(new DecodedError("OwnableUnauthorizedAccount", List.of(checksum(admin))));
    }

    @Test
    void shouldRepointJobManagerWhenOwnerChangesIt() throws Exception {
        var client = admin.exampleClient();
        String other = DevAccounts.directory().address();

        assertThat(admin.revertOf(client, client.setJobManagerAddress(ZERO_ADDRESS)))
                .isEqualTo(new DecodedError("ZeroAddress", List.of("jobManager")));
        client.setJobManagerAddress(other).send();
        assertThat(client.getJobManagerAddress().send()).isEqualToIgnoringCase(other);
    }

    // ---------------------------------------------------------------- controller administration

    static Stream<Arguments> controlled() {
        return CONTROLLED.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controlled")
    void shouldRevertZeroAddressWhenControllerIsZero(String name, Function<Party, ControlledCalls> contract)
            throws Exception {
        ControlledCalls calls = contract.apply(admin);

        assertThat(admin.revertOf(calls.contract(), calls.setControllerAddress().apply(ZERO_ADDRESS)))
                .isEqualTo(new DecodedError("ZeroAddress", List.of("controller")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controlled")
    void shouldRevertControllerChangeDisabledWhenControllerWasFrozen(
            String name, Function<Party, ControlledCalls> contract) throws Exception {
        ControlledCalls calls = contract.apply(admin);
        String before = calls.controller().send();

        calls.disableChangeControllerAddress().send();

        assertThat(admin.revertOf(calls.contract(), calls.setControllerAddress().apply(outsider.address())))
                .isEqualTo(new DecodedError("ControllerChangeDisabled", List.of()));
        assertThat(calls.controller().send()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controlled")
    void shouldRepointControllerWhenOwnerChangesIt(String name, Function<Party, ControlledCalls> contract)
            throws Exception {
        ControlledCalls calls = contract.apply(admin);

        var receipt = calls.setControllerAddress().apply(outsider.address()).send();

        // Every ControllerOwnable declares the same event; any of their wrappers decodes it.
        assertThat(CoopHiveStorage.getControllerChangedEvents(receipt))
                .singleElement()
                .satisfies(e -> assertThat(e.controller).isEqualToIgnoringCase(outsider.address()));
        assertThat(calls.controller().send()).isEqualToIgnoringCase(outsider.address());
    }

    // ---------------------------------------------------------------- wiring

    @Test
    void shouldWireControllerToDeployedContractsWhenDeployed() throws Exception {
        var controller = admin.controller();
        var at = chain.addresses();

        assertThat(controller.getStorageAddress().send()).isEqualToIgnoringCase(at.storage());
        assertThat(controller.getUsersAddress().send()).isEqualToIgnoringCase(at.users());
        assertThat(controller.getPaymentsAddress().send()).isEqualToIgnoringCase(at.payments());
        assertThat(controller.getMediationAddress().send()).isEqualToIgnoringCase(at.mediation());
        assertThat(controller.getJobCreatorAddress().send()).isEqualToIgnoringCase(at.jobCreator());
        assertThat(controller.getTokenAddress().send()).isEqualToIgnoringCase(at.token());
    }

    @Test
    void shouldLetControllerDriveStoragePaymentsAndMediationWhenDeployed() throws Exception {
        String controller = chain.addresses().controller();

        assertThat(admin.storage().getControllerAddress().send()).isEqualToIgnoringCase(controller);
        assertThat(admin.payments().getControllerAddress().send()).isEqualToIgnoringCase(controller);
        assertThat(admin.mediation().getControllerAddress().send()).isEqualToIgnoringCase(controller);
    }

    @Test
    void shouldLetSolverAccountDriveOnChainJobCreatorWhenDeployed() throws Exception {
        assertThat(admin.jobCreator().getControllerAddress().send())
                .isEqualToIgnoringCase(DevAccounts.solver().address());
        assertThat(admin.exampleClient().getJobManagerAddress().send())
                .isEqualToIgnoringCase(chain.addresses().jobCreator());
    }

    @Test
    void shouldSendSlashesToTreasuryAccountWhenDeployed() throws Exception {
        assertThat(admin.payments().getTreasuryAddress().send())
                .isEqualToIgnoringCase(DevAccounts.treasury().address());
        assertThat(admin.payments().getTokenAddress().send())
                .isEqualToIgnoringCase(chain.addresses().token());
    }

    // ---------------------------------------------------------------- controller-only functions

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.coophive.contracts.StorageIT#mutators")
    void shouldRevertNotControllerWhenPartyCallsDeployedStorageDirectly(String name, StorageIT.StorageCall call)
            throws Exception {
        CoopHiveStorage storage = outsider.storage();
        TestDeal deal = TestDeal.between("10", chain.solver(), outsider, chain.resourceProvider(), chain.mediator());

        assertThat(outsider.revertOf(storage, call.on(storage, deal.toStorageStruct(), outsider.address())))
                .isEqualTo(notController(outsider));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.coophive.contracts.PaymentsIT#mutators")
    void shouldRevertNotControllerWhenPartyCallsDeployedPaymentsDirectly(String name, PaymentsIT.PaymentsCall call)
            throws Exception {
        var payments = outsider.payments();

        assertThat(outsider.revertOf(payments, call.on(payments, TestDeal.id("10"), outsider.address())))
                .isEqualTo(notController(outsider));
    }

    @Test
    void shouldRevertNotControllerWhenPartyRequestsMediationDirectly() throws Exception {
        var mediation = outsider.mediation();
        var call = mediation.requestMediation(
                TestDeal.id("key"), TestDeal.id("10"), List.of(chain.mediator().address()));

        assertThat(outsider.revertOf(mediation, call)).isEqualTo(notController(outsider));
    }

    @Test
    void shouldRevertNotControllerWhenOtherAccountThanSolverDrivesOnChainJobCreator() throws Exception {
        var jobs = outsider.jobCreator();

        assertThat(outsider.revertOf(jobs, jobs.setRequiredDeposit(BigInteger.ONE)))
                .isEqualTo(notController(outsider));
        assertThat(outsider.revertOf(jobs, jobs.submitResults(BigInteger.ZERO, TestDeal.id("10"), "Qm")))
                .isEqualTo(notController(outsider));
        assertThat(outsider.revertOf(jobs, jobs.refundJob(BigInteger.ZERO))).isEqualTo(notController(outsider));
    }

    // ---------------------------------------------------------------- helpers

    private static DecodedError notController(Party party) {
        return new DecodedError("NotController", List.of(checksum(party)));
    }

    private static String checksum(Party party) {
        return Keys.toChecksumAddress(party.address());
    }
}
