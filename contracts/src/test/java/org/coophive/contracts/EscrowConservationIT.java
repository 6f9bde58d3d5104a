package org.coophive.contracts;

import static java.math.BigInteger.ZERO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.contracts.testing.ChainFixture.tokens;
import static org.coophive.contracts.testing.MoneyTable.Step.ACCEPT_RESULT;
import static org.coophive.contracts.testing.MoneyTable.Step.ADD_RESULT;
import static org.coophive.contracts.testing.MoneyTable.Step.AGREE_BY_JOB_CREATOR;
import static org.coophive.contracts.testing.MoneyTable.Step.AGREE_BY_RESOURCE_PROVIDER;
import static org.coophive.contracts.testing.MoneyTable.Step.CHECK_RESULT;
import static org.coophive.contracts.testing.MoneyTable.Step.MEDIATION_ACCEPT_RESULT;
import static org.coophive.contracts.testing.MoneyTable.Step.MEDIATION_REJECT_RESULT;
import static org.coophive.contracts.testing.MoneyTable.Step.TIMEOUT_AGREE_JOB_CREATOR_AGREED;
import static org.coophive.contracts.testing.MoneyTable.Step.TIMEOUT_AGREE_RESOURCE_PROVIDER_AGREED;
import static org.coophive.contracts.testing.MoneyTable.Step.TIMEOUT_JUDGE_RESULTS;
import static org.coophive.contracts.testing.MoneyTable.Step.TIMEOUT_MEDIATE_RESULTS;
import static org.coophive.contracts.testing.MoneyTable.Step.TIMEOUT_SUBMIT_RESULTS;
import static org.coophive.contracts.testing.MoneyTable.checksum;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.coophive.contracts.generated.CoopHiveController;
import org.coophive.contracts.generated.CoopHiveMediationRandom;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.MoneyTable;
import org.coophive.contracts.testing.MoneyTable.Movement;
import org.coophive.contracts.testing.MoneyTable.Step;
import org.coophive.contracts.testing.Party;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Many deals at once along random paths, against a model of every balance: after each step the
 * escrow contract holds exactly the escrow of the open deals, finished deals hold nothing, each
 * account holds what the money table says, and no token leaves the set of accounts involved.
 *
 * <p>The seed is printed; rerun a failure with {@code -Dconservation.seed=<seed>}.
 */
class EscrowConservationIT {

    private static final long DEFAULT_SEED = 20_240_611L;
    private static final int DEALS = 200;
    private static final int MAX_OPEN_DEALS = 12;
    private static final int MAX_TIMEOUT = 40;
    private static final int MAX_INSTRUCTIONS = 5;
    private static final BigInteger UNLIMITED = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    private static final Set<Step> TIMEOUTS = EnumSet.of(
            TIMEOUT_AGREE_RESOURCE_PROVIDER_AGREED,
            TIMEOUT_AGREE_JOB_CREATOR_AGREED,
            TIMEOUT_SUBMIT_RESULTS,
            TIMEOUT_JUDGE_RESULTS,
            TIMEOUT_MEDIATE_RESULTS);

    /** How a deal ends. */
    private enum Path {
        ACCEPTED,
        MEDIATION_ACCEPTED,
        MEDIATION_REJECTED,
        MEDIATION_TIMED_OUT,
        AGREE_TIMED_OUT,
        SUBMIT_TIMED_OUT,
        JUDGE_TIMED_OUT
    }

    private record Pair(Party resourceProvider, Party jobCreator) {}

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    static List<Pair> pairs;
    static List<Party> mediators;
    /** Every account that holds tokens, the escrow contract included: their sum is the supply. */
    static List<String> holders;

    Random random;
    final Map<String, BigInteger> expectedBalances = new LinkedHashMap<>();
    final List<SimulatedDeal> deals = new ArrayList<>();
    BigInteger supply;
    int jumps;
    int steps;
    final Map<Path, Integer> pathCounts = new EnumMap<>(Path.class);
    int cappedPayments;
    int zeroInstructionResults;
    int mostOpenDealsOfOneParty;

    @BeforeAll
    static void startChain() throws Exception {
        List<Party> extras = List.of(chain.extra(8), chain.extra(9), chain.extra(10), chain.extra(11));
        for (Party extra : extras) {
            chain.admin()
                    .token()
                    .transfer(extra.address(), ChainFixture.TOKENS_PER_ACCOUNT)
                    .send();
        }
        Party rp = chain.resourceProvider();
        Party jc = chain.jobCreator();
        pairs = List.of(
                new Pair(rp, jc),
                new Pair(jc, rp),
                new Pair(extras.get(0), extras.get(1)),
                new Pair(extras.get(2), chain.faucet()),
                new Pair(chain.directory(), extras.get(3)));
        mediators = List.of(chain.mediator(), chain.solver());
        List<Party> parties = new ArrayList<>(List.of(rp, jc, chain.faucet(), chain.directory()));
        parties.addAll(extras);
        for (Party party : parties) {
            party.token().approve(chain.addresses().payments(), UNLIMITED).send();
        }
        List<String> all = new ArrayList<>();
        for (Party party : List.of(chain.admin(), chain.solver(), chain.mediator(), chain.treasury())) {
            all.add(checksum(party.address()));
        }
        parties.forEach(party -> all.add(checksum(party.address())));
        all.add(checksum(chain.addresses().payments()));
        holders = List.copyOf(all);
    }

    @Test
    void shouldKeepEscrowEqualToOpenDealsAndConserveTokensWhenManyDealsTakeRandomPaths() throws Exception {
        long seed = Long.getLong("conservation.seed", DEFAULT_SEED);
        System.out.printf("EscrowConservationIT seed %d (rerun with -Dconservation.seed=%d)%n", seed, seed);
        random = new Random(seed);
        long started = System.nanoTime();
        readStartingBalances();

        List<SimulatedDeal> open = new ArrayList<>();
        while (deals.size() < DEALS || !open.isEmpty()) {
            List<SimulatedDeal> ready =
                    open.stream().filter(d -> d.claimableAfterJump <= jumps).toList();
            boolean canOpen = deals.size() < DEALS && open.size() < MAX_OPEN_DEALS;
            if (canOpen && (ready.isEmpty() || random.nextInt(3) == 0)) {
                open.add(newDeal());
                countOpenDealsPerParty(open);
            } else if (ready.isEmpty()) {
                // Every open deal waits for a timeout: one jump makes all of them claimable.
                chain.increaseTime(MAX_TIMEOUT + 1);
                jumps++;
            } else {
                SimulatedDeal deal = ready.get(random.nextInt(ready.size()));
                String context = "seed " + seed + ", step " + steps + ", " + deal;
                takeNextStep(deal, context);
                checkInvariants(context);
                if (deal.finished()) open.remove(deal);
            }
        }

        System.out.printf(
                "EscrowConservationIT: %d deals, %d steps, %d time jumps, paths %s, %d capped payments,"
                        + " %d zero-instruction results, up to %d open deals per party, %d ms%n",
                deals.size(),
                steps,
                jumps,
                pathCounts,
                cappedPayments,
                zeroInstructionResults,
                mostOpenDealsOfOneParty,
                (System.nanoTime() - started) / 1_000_000);
        assertThat(chain.escrowBalance()).isZero();
        assertThat(pathCounts.keySet()).containsExactlyInAnyOrder(Path.values());
        assertThat(cappedPayments)
                .as("deals whose job cost exceeded the payment collateral")
                .isPositive();
        assertThat(zeroInstructionResults).as("results of zero instructions").isPositive();
        assertThat(mostOpenDealsOfOneParty)
                .as("open deals of one party at once")
                .isGreaterThanOrEqualTo(3);
    }

    // ------------------------------------------------------------------ deals

    private SimulatedDeal newDeal() {
        int index = deals.size();
        Pair pair = pairs.get(random.nextInt(pairs.size()));
        Path path = Path.values()[random.nextInt(Path.values().length)];
        List<Party> judges = new ArrayList<>(mediators);
        Collections.shuffle(judges, random);
        judges = judges.subList(0, 1 + random.nextInt(judges.size()));
        TestDeal terms = TestDeal.between(
                        "conservation " + index,
                        chain.solver(),
                        pair.jobCreator(),
                        pair.resourceProvider(),
                        judges.get(0))
                .withMembers(
                        chain.solver().address(),
                        pair.jobCreator().address(),
                        pair.resourceProvider().address(),
                        judges.stream().map(Party::address).toList())
                .withTimeouts(timeout(), timeout(), timeout(), timeout())
                .withCollaterals(ZERO, amount(10), amount(10), ZERO)
                .withPricing(
                        amount(20).add(BigInteger.ONE), amount(60), BigInteger.valueOf(random.nextInt(6)), amount(5));
        long instructions = random.nextInt(MAX_INSTRUCTIONS + 1);
        SimulatedDeal deal = new SimulatedDeal(index, terms, pair, path, instructions, plan(path));
        deals.add(deal);
        pathCounts.merge(path, 1, Integer::sum);
        return deal;
    }

    /** The steps of a path; the parties agree in random order. */
    private Deque<Step> plan(Path path) {
        boolean rpFirst = random.nextBoolean();
        Step first = rpFirst ? AGREE_BY_RESOURCE_PROVIDER : AGREE_BY_JOB_CREATOR;
        Step second = rpFirst ? AGREE_BY_JOB_CREATOR : AGREE_BY_RESOURCE_PROVIDER;
        List<Step> steps =
                switch (path) {
                    case ACCEPTED -> List.of(first, second, ADD_RESULT, ACCEPT_RESULT);
                    case MEDIATION_ACCEPTED -> List.of(
                            first, second, ADD_RESULT, CHECK_RESULT, MEDIATION_ACCEPT_RESULT);
                    case MEDIATION_REJECTED -> List.of(
                            first, second, ADD_RESULT, CHECK_RESULT, MEDIATION_REJECT_RESULT);
                    case MEDIATION_TIMED_OUT -> List.of(
                            first, second, ADD_RESULT, CHECK_RESULT, TIMEOUT_MEDIATE_RESULTS);
                    case AGREE_TIMED_OUT -> List.of(
                            first, rpFirst ? TIMEOUT_AGREE_RESOURCE_PROVIDER_AGREED : TIMEOUT_AGREE_JOB_CREATOR_AGREED);
                    case SUBMIT_TIMED_OUT -> List.of(first, second, TIMEOUT_SUBMIT_RESULTS);
                    case JUDGE_TIMED_OUT -> List.of(first, second, ADD_RESULT, TIMEOUT_JUDGE_RESULTS);
                };
        return new ArrayDeque<>(steps);
    }

    private void takeNextStep(SimulatedDeal deal, String context) throws Exception {
        Step step = deal.steps.removeFirst();
        Party caller = callerOf(deal, step);
        Movement expected = MoneyTable.of(
                deal.terms,
                deal.instructions,
                step,
                deal.mediator != null
                        ? deal.mediator.address()
                        : deal.terms.mediators().get(0));
        TransactionReceipt receipt;
        try {
            receipt = call(caller.controller(), deal, step).send();
        } catch (Exception e) {
            throw new AssertionError(context + ": " + step + " by " + caller.name() + " failed", e);
        }
        steps++;

        assertThat(MoneyTable.paymentsIn(receipt)).as(context).containsExactlyElementsOf(expected.payments());
        assertThat(MoneyTable.transfersIn(receipt))
                .as(context)
                .containsExactlyInAnyOrderElementsOf(
                        expected.transfers(chain.addresses().payments()));
        assertThat(statesIn(receipt)).as(context).containsExactlyElementsOf(expectedStates(deal, step));
        expected.deltasByAddress().forEach((address, delta) -> expectedBalances.merge(address, delta, BigInteger::add));
        expectedBalances.merge(checksum(chain.addresses().payments()), expected.escrow(), BigInteger::add);
        deal.escrow = deal.escrow.add(expected.escrow());
        countCoverage(deal, step);

        if (step == CHECK_RESULT) deal.mediator = chosenMediator(receipt, deal, context);
        if (!deal.steps.isEmpty() && TIMEOUTS.contains(deal.steps.peekFirst())) {
            Step timeout = deal.steps.peekFirst();
            Party claimant = callerOf(deal, timeout);
            assertThat(claimant.revertOf(claimant.controller(), call(claimant.controller(), deal, timeout))
                            .name())
                    .as(context + ": early " + timeout)
                    .isEqualTo("NotTimedOut");
            deal.claimableAfterJump = jumps + 1;
        }
    }

    /** Who takes a step; a timeout that either party may claim goes to a party picked at random. */
    private Party callerOf(SimulatedDeal deal, Step step) {
        Party rp = deal.pair.resourceProvider();
        Party jc = deal.pair.jobCreator();
        return switch (step) {
            case AGREE_BY_RESOURCE_PROVIDER, ADD_RESULT, TIMEOUT_JUDGE_RESULTS -> rp;
            case AGREE_BY_JOB_CREATOR, ACCEPT_RESULT, CHECK_RESULT, TIMEOUT_SUBMIT_RESULTS -> jc;
            case MEDIATION_ACCEPT_RESULT, MEDIATION_REJECT_RESULT -> deal.mediator;
            case TIMEOUT_AGREE_RESOURCE_PROVIDER_AGREED,
                    TIMEOUT_AGREE_JOB_CREATOR_AGREED,
                    TIMEOUT_MEDIATE_RESULTS -> random.nextBoolean() ? rp : jc;
        };
    }

    private static RemoteFunctionCall<TransactionReceipt> call(
            CoopHiveController controller, SimulatedDeal deal, Step step) {
        CoopHiveController.Deal terms = deal.terms.toContract();
        return switch (step) {
            case AGREE_BY_RESOURCE_PROVIDER, AGREE_BY_JOB_CREATOR -> controller.agree(terms);
            case ADD_RESULT -> controller.addResult(
                    terms,
                    TestDeal.id("results " + deal.index),
                    TestDeal.id("data " + deal.index),
                    BigInteger.valueOf(deal.instructions));
            case ACCEPT_RESULT -> controller.acceptResult(terms);
            case CHECK_RESULT -> controller.checkResult(terms);
            case MEDIATION_ACCEPT_RESULT -> controller.mediationAcceptResult(terms);
            case MEDIATION_REJECT_RESULT -> controller.mediationRejectResult(terms);
            case TIMEOUT_AGREE_RESOURCE_PROVIDER_AGREED, TIMEOUT_AGREE_JOB_CREATOR_AGREED -> controller.timeoutAgree(
                    terms);
            case TIMEOUT_SUBMIT_RESULTS -> controller.timeoutSubmitResults(terms);
            case TIMEOUT_JUDGE_RESULTS -> controller.timeoutJudgeResults(terms);
            case TIMEOUT_MEDIATE_RESULTS -> controller.timeoutMediateResults(terms);
        };
    }

    private static List<AgreementState> expectedStates(SimulatedDeal deal, Step step) {
        if (step.endState() != null) return List.of(step.endState());
        deal.agreements++;
        return deal.agreements == 2 ? List.of(AgreementState.DEAL_AGREED) : List.of();
    }

    private static Party chosenMediator(TransactionReceipt receipt, SimulatedDeal deal, String context) {
        var requested = CoopHiveMediationRandom.getMediationRequestedEvents(receipt);
        assertThat(requested).as(context).hasSize(1);
        String chosen = checksum(requested.get(0).mediator);
        return mediators.stream()
                .filter(m -> checksum(m.address()).equals(chosen))
                .filter(m -> deal.terms.mediators().stream()
                        .anyMatch(a -> checksum(a).equals(chosen)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(context + ": mediator " + chosen + " is not on the deal's list"));
    }

    // ------------------------------------------------------------------ invariants

    private void readStartingBalances() throws Exception {
        List<BigInteger> values = readAll(balanceCalls(), List.of(totalSupplyCall()));
        for (int i = 0; i < holders.size(); i++) expectedBalances.put(holders.get(i), values.get(i));
        supply = values.get(holders.size());
        assertThat(sum(values.subList(0, holders.size()))).isEqualTo(supply);
        assertThat(expectedBalances.get(checksum(chain.addresses().payments()))).isZero();
    }

    /**
     * One batch of reads: every holder's balance, the supply and the escrow of every deal so far.
     */
    private void checkInvariants(String context) throws Exception {
        List<Transaction> escrowCalls = deals.stream()
                .map(d -> read(
                        chain.addresses().payments(), chain.admin().payments().escrowOf(d.terms.key())))
                .toList();
        List<BigInteger> values = readAll(balanceCalls(), List.of(totalSupplyCall()), escrowCalls);
        List<BigInteger> balances = values.subList(0, holders.size());
        BigInteger totalSupply = values.get(holders.size());
        List<BigInteger> escrows = values.subList(holders.size() + 1, values.size());

        Map<String, BigInteger> actual = new LinkedHashMap<>();
        for (int i = 0; i < holders.size(); i++) actual.put(holders.get(i), balances.get(i));
        assertThat(actual).as(context + ": balances").isEqualTo(expectedBalances);
        assertThat(totalSupply).as(context + ": supply").isEqualTo(supply);
        assertThat(sum(balances))
                .as(context + ": tokens held by the accounts involved")
                .isEqualTo(supply);

        BigInteger openEscrow = ZERO;
        for (int i = 0; i < deals.size(); i++) {
            SimulatedDeal deal = deals.get(i);
            BigInteger escrow = escrows.get(i);
            if (deal.finished()) {
                assertThat(escrow).as(context + ": escrow of finished " + deal).isZero();
            } else {
                assertThat(escrow).as(context + ": escrow of " + deal).isEqualTo(deal.escrow);
                openEscrow = openEscrow.add(escrow);
            }
        }
        assertThat(actual.get(checksum(chain.addresses().payments())))
                .as(context + ": escrow contract balance = sum of open deals' escrow")
                .isEqualTo(openEscrow);
    }

    private List<Transaction> balanceCalls() {
        return holders.stream()
                .map(h -> read(chain.addresses().token(), chain.admin().token().balanceOf(h)))
                .toList();
    }

    private Transaction totalSupplyCall() {
        return read(chain.addresses().token(), chain.admin().token().totalSupply());
    }

    private static Transaction read(String contract, RemoteFunctionCall<?> call) {
        return Transaction.createEthCallTransaction(chain.admin().address(), contract, call.encodeFunctionCall());
    }

    /** Sends the calls as one JSON-RPC batch and returns their uint256 results in order. */
    @SafeVarargs
    private static List<BigInteger> readAll(List<Transaction>... groups) throws Exception {
        Web3j web3j = chain.chain().web3j();
        BatchRequest batch = web3j.newBatch();
        List<Long> ids = new ArrayList<>();
        for (List<Transaction> group : groups) {
            for (Transaction call : group) {
                var request = web3j.ethCall(call, DefaultBlockParameterName.LATEST);
                ids.add(request.getId());
                batch.add(request);
            }
        }
        Map<Long, Response<?>> byId = new HashMap<>();
        for (Response<?> response : batch.send().getResponses()) byId.put(response.getId(), response);
        return ids.stream()
                .map(byId::get)
                .map(response -> {
                    EthCall result = (EthCall) response;
                    if (result.hasError())
                        throw new AssertionError(
                                "read failed: " + result.getError().getMessage());
                    return Numeric.toBigInt(result.getValue());
                })
                .toList();
    }

    // ------------------------------------------------------------------ randomness and coverage

    private long timeout() {
        return 5 + random.nextInt(MAX_TIMEOUT - 4);
    }

    /** Up to {@code maxTokens} tokens in wei, odd amounts included, zero now and then. */
    private BigInteger amount(int maxTokens) {
        if (random.nextInt(10) == 0) return ZERO;
        return tokens(random.nextInt(maxTokens + 1)).add(BigInteger.valueOf(random.nextLong(1_000_000_000_000L)));
    }

    private void countCoverage(SimulatedDeal deal, Step step) {
        if (step == ADD_RESULT && deal.instructions == 0) zeroInstructionResults++;
        boolean pays = step == ACCEPT_RESULT || step == MEDIATION_ACCEPT_RESULT || step == TIMEOUT_JUDGE_RESULTS;
        if (pays && deal.terms.jobCost(deal.instructions).compareTo(deal.terms.paymentCollateral()) > 0) {
            cappedPayments++;
        }
    }

    private void countOpenDealsPerParty(List<SimulatedDeal> open) {
        Map<String, Integer> perParty = new HashMap<>();
        for (SimulatedDeal deal : open) {
            perParty.merge(deal.pair.resourceProvider().address(), 1, Integer::sum);
            perParty.merge(deal.pair.jobCreator().address(), 1, Integer::sum);
        }
        perParty.values().stream()
                .max(Integer::compare)
                .ifPresent(most -> mostOpenDealsOfOneParty = Math.max(mostOpenDealsOfOneParty, most));
    }

    private static List<AgreementState> statesIn(TransactionReceipt receipt) {
        return CoopHiveStorage.getDealStateChangeEvents(receipt).stream()
                .map(e -> AgreementState.ofCode(e.state.intValueExact()))
                .toList();
    }

    private static BigInteger sum(List<BigInteger> values) {
        return values.stream().reduce(ZERO, BigInteger::add);
    }

    /** One deal of the run: its terms, its planned steps and what the model says it holds. */
    private static final class SimulatedDeal {
        final int index;
        final TestDeal terms;
        final Pair pair;
        final Path path;
        final long instructions;
        final Deque<Step> steps;
        Party mediator;
        int agreements;
        int claimableAfterJump;
        BigInteger escrow = ZERO;

        SimulatedDeal(int index, TestDeal terms, Pair pair, Path path, long instructions, Deque<Step> steps) {
            this.index = index;
            this.terms = terms;
            this.pair = pair;
            this.path = path;
            this.instructions = instructions;
            this.steps = steps;
        }

        boolean finished() {
            return steps.isEmpty();
        }

        @Override
        public String toString() {
            return "deal " + index + " (" + path + ", " + instructions + " instructions, RP "
                    + pair.resourceProvider().name() + ", JC "
                    + pair.jobCreator().name() + ")";
        }
    }
}
