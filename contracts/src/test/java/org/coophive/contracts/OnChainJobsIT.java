package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.contracts.testing.ChainFixture.tokens;
import static org.coophive.contracts.testing.MoneyTable.checksum;

import java.math.BigInteger;
import java.util.List;
import org.coophive.contracts.ContractErrors.DecodedError;
import org.coophive.contracts.generated.CoopHiveOnChainJobCreator;
import org.coophive.contracts.generated.ExampleClient;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.Party;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.Contract;

/**
 * Jobs requested by contracts: ExampleClient asks the on-chain job creator for cowsay, the user
 * pays the deposit, and the job creator service (the solver account, the job creator's
 * controller) is paid it when it delivers results, or refunds it.
 */
class OnChainJobsIT {

    private static final BigInteger DEPOSIT = tokens(2);
    private static final String COWSAY = "cowsay:v0.0.1";
    private static final String RESULT_CID = "QmWd9vFpRnMHX8tPnFGstqZjSSgZFbu4fPcwu3bbWmSTMb";
    private static final byte[] DEAL_ID = TestDeal.id("cowsay deal");
    private static final int PENDING = 1;
    private static final int COMPLETED = 2;
    private static final int REFUNDED = 3;

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    static Party service;
    static Party user;
    static Party admin;
    static String jobCreatorAddress;
    static String exampleClientAddress;

    @BeforeAll
    static void startChain() throws Exception {
        service = chain.solver();
        user = chain.jobCreator();
        admin = chain.admin();
        jobCreatorAddress = chain.addresses().jobCreator();
        exampleClientAddress = chain.addresses().exampleClient();
    }

    @BeforeEach
    void setUp() throws Exception {
        service.jobCreator().setRequiredDeposit(DEPOSIT).send();
    }

    @Test
    void shouldChangeRequiredDepositOnlyWhenTheServiceSetsIt() throws Exception {
        TransactionReceipt receipt =
                service.jobCreator().setRequiredDeposit(tokens(3)).send();

        assertThat(CoopHiveOnChainJobCreator.getRequiredDepositChangedEvents(receipt))
                .singleElement()
                .satisfies(event -> assertThat(event.deposit).isEqualTo(tokens(3)));
        for (Party other : List.of(admin, user)) {
            assertRevertsAndFails(
                    other,
                    other.jobCreator(),
                    other.jobCreator().setRequiredDeposit(tokens(1)),
                    error("NotController", address(other)));
        }
        assertRevertsAndFails(
                service,
                service.jobCreator(),
                service.jobCreator().setRequiredDeposit(BigInteger.ZERO),
                error("ZeroDeposit"));
        assertThat(user.jobCreator().getRequiredDeposit().send()).isEqualTo(tokens(3));
    }

    @Test
    void shouldTakeDepositAndAnnounceJobWhenUserRunsCowsay() throws Exception {
        BigInteger userBefore = user.tokens();
        BigInteger firstId = user.jobCreator().nextJobID().send();
        user.token()
                .approve(exampleClientAddress, DEPOSIT.multiply(BigInteger.TWO))
                .send();

        TransactionReceipt receipt = user.exampleClient().runCowsay("moo").send();

        assertThat(CoopHiveOnChainJobCreator.getJobAddedEvents(receipt))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.id).isEqualTo(firstId);
                    assertThat(checksum(event.callingContract)).isEqualTo(checksum(exampleClientAddress));
                    assertThat(checksum(event.payee)).isEqualTo(address(user));
                    assertThat(event.module).isEqualTo(COWSAY);
                    assertThat(event.inputs).containsExactly("Message=moo");
                });
        assertThat(ExampleClient.getJobCreatedEvents(receipt)).singleElement().satisfies(event -> {
            assertThat(event.id).isEqualTo(firstId);
            assertThat(checksum(event.requester)).isEqualTo(address(user));
            assertThat(event.message).isEqualTo("moo");
        });
        assertThat(userBefore.subtract(user.tokens())).isEqualTo(DEPOSIT);
        assertThat(chain.tokensOf(jobCreatorAddress)).isEqualTo(DEPOSIT);
        assertThat(chain.tokensOf(exampleClientAddress)).isZero();
        assertThat(user.token()
                        .allowance(exampleClientAddress, jobCreatorAddress)
                        .send())
                .isZero();
        var job = user.jobCreator().getJob(firstId).send();
        assertThat(job.status.intValueExact()).isEqualTo(PENDING);
        assertThat(job.deposit).isEqualTo(DEPOSIT);
        assertThat(checksum(job.payee)).isEqualTo(address(user));

        TransactionReceipt second = user.exampleClient().runCowsay("baa").send();

        assertThat(CoopHiveOnChainJobCreator.getJobAddedEvents(second))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.id).isEqualTo(firstId.add(BigInteger.ONE));
                    assertThat(event.inputs).containsExactly("Message=baa");
                });
        assertThat(chain.tokensOf(jobCreatorAddress)).isEqualTo(DEPOSIT.multiply(BigInteger.TWO));
    }

    @Test
    void shouldRevertInsufficientAllowanceWhenUserHasNotApprovedExampleClient() throws Exception {
        BigInteger userBefore = user.tokens();
        BigInteger nextId = user.jobCreator().nextJobID().send();

        assertRevertsAndFails(
                user,
                user.exampleClient(),
                user.exampleClient().runCowsay("moo"),
                error("ERC20InsufficientAllowance", checksum(exampleClientAddress), "0", DEPOSIT.toString()));

        assertThat(user.tokens()).isEqualTo(userBefore);
        assertThat(user.jobCreator().nextJobID().send()).isEqualTo(nextId);
    }

    @Test
    void shouldPayServiceAndDeliverResultsWhenServiceSubmitsResults() throws Exception {
        BigInteger id = runCowsay("moo");
        BigInteger serviceBefore = service.tokens();

        TransactionReceipt receipt =
                service.jobCreator().submitResults(id, DEAL_ID, RESULT_CID).send();

        assertThat(service.tokens().subtract(serviceBefore)).isEqualTo(DEPOSIT);
        assertThat(chain.tokensOf(jobCreatorAddress)).isZero();
        // Both contracts declare JobCompleted(uint256,bytes32,string): tell them apart by emitter.
        var completed = CoopHiveOnChainJobCreator.getJobCompletedEvents(receipt);
        assertThat(completed)
                .extracting(event -> checksum(event.log.getAddress()))
                .containsExactly(checksum(jobCreatorAddress), checksum(exampleClientAddress));
        assertThat(completed).allSatisfy(event -> {
            assertThat(event.id).isEqualTo(id);
            assertThat(event.dealId).isEqualTo(DEAL_ID);
            assertThat(event.dataId).isEqualTo(RESULT_CID);
        });
        assertThat(user.exampleClient().getJobResult(id).send()).isEqualTo(RESULT_CID);
        assertThat(user.jobCreator().getJob(id).send().status.intValueExact()).isEqualTo(COMPLETED);

        assertRevertsAndFails(
                service,
                service.jobCreator(),
                service.jobCreator().submitResults(id, DEAL_ID, "QmOther"),
                error("JobNotPending", id.toString()));
        assertRevertsAndFails(
                service,
                service.jobCreator(),
                service.jobCreator().refundJob(id),
                error("JobNotPending", id.toString()));
        assertThat(user.exampleClient().getJobResult(id).send()).isEqualTo(RESULT_CID);
    }

    @Test
    void shouldStillPayServiceWhenTheClientRevertsOnItsResults() throws Exception {
        BigInteger id = runCowsay("moo");
        // The client now only trusts another job manager, so it rejects the callback.
        admin.exampleClient().setJobManagerAddress(admin.address()).send();
        BigInteger serviceBefore = service.tokens();

        TransactionReceipt receipt =
                service.jobCreator().submitResults(id, DEAL_ID, RESULT_CID).send();

        assertThat(service.tokens().subtract(serviceBefore)).isEqualTo(DEPOSIT);
        assertThat(user.jobCreator().getJob(id).send().status.intValueExact()).isEqualTo(COMPLETED);
        var failed = CoopHiveOnChainJobCreator.getJobCallbackFailedEvents(receipt);
        assertThat(failed).singleElement().satisfies(event -> {
            assertThat(event.id).isEqualTo(id);
            assertThat(ContractErrors.catalogue().decode(org.web3j.utils.Numeric.toHexString(event.reason)))
                    .map(DecodedError::name)
                    .contains("NotJobManager");
        });
        assertThat(user.exampleClient().getJobResult(id).send()).isEmpty();
    }

    @Test
    void shouldCompleteWithoutCallbackWhenAnAccountRequestedTheJobDirectly() throws Exception {
        user.token().approve(jobCreatorAddress, DEPOSIT).send();
        TransactionReceipt requested = user.jobCreator()
                .runJob(COWSAY, List.of("Message=direct"), user.address())
                .send();
        BigInteger id = CoopHiveOnChainJobCreator.getJobAddedEvents(requested).get(0).id;

        TransactionReceipt receipt =
                service.jobCreator().submitResults(id, DEAL_ID, RESULT_CID).send();

        assertThat(CoopHiveOnChainJobCreator.getJobCompletedEvents(receipt)).hasSize(1);
        assertThat(CoopHiveOnChainJobCreator.getJobCallbackFailedEvents(receipt))
                .isEmpty();
        assertThat(user.jobCreator().getJob(id).send().status.intValueExact()).isEqualTo(COMPLETED);
    }

    @Test
    void shouldReturnDepositToPayeeWhenServiceRefundsJob() throws Exception {
        BigInteger id = runCowsay("moo");
        BigInteger userBefore = user.tokens();

        TransactionReceipt receipt = service.jobCreator().refundJob(id).send();

        assertThat(user.tokens().subtract(userBefore)).isEqualTo(DEPOSIT);
        assertThat(chain.tokensOf(jobCreatorAddress)).isZero();
        assertThat(CoopHiveOnChainJobCreator.getJobRefundedEvents(receipt))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.id).isEqualTo(id);
                    assertThat(checksum(event.payee)).isEqualTo(address(user));
                    assertThat(event.deposit).isEqualTo(DEPOSIT);
                });
        assertThat(user.jobCreator().getJob(id).send().status.intValueExact()).isEqualTo(REFUNDED);
        assertRevertsAndFails(
                service,
                service.jobCreator(),
                service.jobCreator().submitResults(id, DEAL_ID, RESULT_CID),
                error("JobNotPending", id.toString()));
        assertThat(user.exampleClient().getJobResult(id).send()).isEmpty();
    }

    @Test
    void shouldRevertNotControllerWhenOthersSubmitOrRefund() throws Exception {
        BigInteger id = runCowsay("moo");

        for (Party other : List.of(user, admin)) {
            DecodedError notController = error("NotController", address(other));
            assertRevertsAndFails(
                    other,
                    other.jobCreator(),
                    other.jobCreator().submitResults(id, DEAL_ID, RESULT_CID),
                    notController);
            assertRevertsAndFails(other, other.jobCreator(), other.jobCreator().refundJob(id), notController);
        }
        assertThat(user.jobCreator().getJob(id).send().status.intValueExact()).isEqualTo(PENDING);
        assertThat(chain.tokensOf(jobCreatorAddress)).isEqualTo(DEPOSIT);
    }

    @Test
    void shouldRevertJobNotFoundWhenJobDoesNotExist() throws Exception {
        BigInteger unknown = BigInteger.valueOf(99);

        assertRevertsAndFails(
                service,
                service.jobCreator(),
                service.jobCreator().submitResults(unknown, DEAL_ID, RESULT_CID),
                error("JobNotFound", "99"));
        assertRevertsAndFails(
                service, service.jobCreator(), service.jobCreator().refundJob(unknown), error("JobNotFound", "99"));
    }

    @Test
    void shouldRevertNotJobManagerWhenAnyoneElseDeliversResultsToExampleClient() throws Exception {
        BigInteger id = runCowsay("moo");

        for (Party caller : List.of(user, service, admin)) {
            assertRevertsAndFails(
                    caller,
                    caller.exampleClient(),
                    caller.exampleClient().submitResults(id, DEAL_ID, "QmForged"),
                    error("NotJobManager", address(caller)));
        }
        assertThat(user.exampleClient().getJobResult(id).send()).isEmpty();
    }

    @Test
    void shouldRevertWhenJobRequestLacksModuleOrPayee() throws Exception {
        assertRevertsAndFails(
                user,
                user.jobCreator(),
                user.jobCreator().runJob("", List.of("Message=moo"), user.address()),
                error("MissingModule"));
        assertRevertsAndFails(
                user,
                user.jobCreator(),
                user.jobCreator().runJob(COWSAY, List.of("Message=moo"), "0x0000000000000000000000000000000000000000"),
                error("ZeroAddress", "payee"));
        assertThat(user.jobCreator().nextJobID().send()).isZero();
    }

    /** The user approves the deposit and runs cowsay; returns the job id. */
    private static BigInteger runCowsay(String message) throws Exception {
        user.token().approve(exampleClientAddress, DEPOSIT).send();
        TransactionReceipt receipt = user.exampleClient().runCowsay(message).send();
        return CoopHiveOnChainJobCreator.getJobAddedEvents(receipt).get(0).id;
    }

    /** The call reverts with {@code expected}, and sending it anyway fails. */
    private static void assertRevertsAndFails(
            Party caller, Contract contract, RemoteFunctionCall<TransactionReceipt> call, DecodedError expected)
            throws Exception {
        assertThat(caller.revertOf(contract, call)).isEqualTo(expected);
        assertThatThrownBy(call::send).isInstanceOf(TransactionException.class);
    }

    private static DecodedError error(String name, String... arguments) {
        return new DecodedError(name, List.of(arguments));
    }

    private static String address(Party party) {
        return checksum(party.address());
    }
}
