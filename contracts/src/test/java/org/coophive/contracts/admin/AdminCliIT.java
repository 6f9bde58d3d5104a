package org.coophive.contracts.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.coophive.contracts.ChainConnection;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.generated.CoopHiveController;
import org.coophive.contracts.generated.CoopHiveOnChainJobCreator;
import org.coophive.contracts.generated.CoopHivePayments;
import org.coophive.contracts.generated.CoopHiveToken;
import org.coophive.contracts.testing.AnvilNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

class AdminCliIT {

    static AnvilNode node;
    static ChainConnection chain;

    record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void startChain() throws Exception {
        node = AnvilNode.start();
        chain = ChainConnection.open(node.rpcUrl(), AnvilNode.CHAIN_ID);
    }

    @AfterAll
    static void stopChain() {
        chain.close();
        node.close();
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("WEB3_RPC_URL", node.rpcUrl());
        env.put("WEB3_CHAIN_ID", "1337");
        env.put(
                "ADMIN_PRIVATE_KEY",
                Numeric.toHexStringWithPrefixZeroPadded(
                        DevAccounts.admin().credentials().getEcKeyPair().getPrivateKey(), 64));
        return env;
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = AdminCli.commandLine(env);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Map<String, String> envLines(String out) {
        Map<String, String> lines = new LinkedHashMap<>();
        out.lines()
                .map(line -> line.replaceFirst("^export ", ""))
                .filter(line -> line.contains("="))
                .forEach(
                        line -> lines.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return lines;
    }

    private static Map<String, String> deploy() {
        Run deploy = run(
                env(),
                "deploy",
                "--treasury",
                DevAccounts.treasury().address(),
                "--job-creator-controller",
                DevAccounts.solver().address());
        assertThat(deploy.exitCode()).as(deploy.err()).isZero();
        return envLines(deploy.out());
    }

    @Test
    void shouldDeployWiredContractsAndPrintTheirAddressesWhenGivenAnAdminKey() throws Exception {
        Map<String, String> addresses = deploy();

        assertThat(addresses)
                .containsKeys(
                        "WEB3_CONTROLLER_ADDRESS",
                        "WEB3_TOKEN_ADDRESS",
                        "WEB3_PAYMENTS_ADDRESS",
                        "WEB3_STORAGE_ADDRESS",
                        "WEB3_USERS_ADDRESS",
                        "WEB3_MEDIATION_ADDRESS",
                        "WEB3_JOBCREATOR_ADDRESS",
                        "WEB3_EXAMPLE_CLIENT_ADDRESS");
        var reader = chain.transactionManager(DevAccounts.faucet().credentials());
        var controller = CoopHiveController.load(
                addresses.get("WEB3_CONTROLLER_ADDRESS"), chain.web3j(), reader, chain.callGas());
        assertThat(controller.getTokenAddress().send()).isEqualToIgnoringCase(addresses.get("WEB3_TOKEN_ADDRESS"));
        var payments =
                CoopHivePayments.load(addresses.get("WEB3_PAYMENTS_ADDRESS"), chain.web3j(), reader, chain.callGas());
        assertThat(payments.getControllerAddress().send())
                .isEqualToIgnoringCase(addresses.get("WEB3_CONTROLLER_ADDRESS"));
        assertThat(payments.getTreasuryAddress().send())
                .isEqualToIgnoringCase(DevAccounts.treasury().address());

        Run printed = run(env(), "print-contract-env", "--controller", addresses.get("WEB3_CONTROLLER_ADDRESS"));
        assertThat(printed.exitCode()).as(printed.err()).isZero();
        Map<String, String> printedLines = envLines(printed.out());
        assertThat(printedLines).containsEntry("WEB3_RPC_URL", node.rpcUrl());
        for (String name : new String[] {
            "WEB3_CONTROLLER_ADDRESS",
            "WEB3_TOKEN_ADDRESS",
            "WEB3_PAYMENTS_ADDRESS",
            "WEB3_STORAGE_ADDRESS",
            "WEB3_USERS_ADDRESS",
            "WEB3_MEDIATION_ADDRESS",
            "WEB3_JOBCREATOR_ADDRESS"
        }) {
            assertThat(printedLines.get(name)).as(name).isEqualTo(addresses.get(name));
        }
    }

    @Test
    void shouldSendEtherAndTokensAndShowBalancesWhenFunding() throws Exception {
        Map<String, String> addresses = deploy();
        Map<String, String> env = env();
        env.put("WEB3_CONTROLLER_ADDRESS", addresses.get("WEB3_CONTROLLER_ADDRESS"));
        String target = Keys.toChecksumAddress(
                Credentials.create(Keys.createEcKeyPair()).getAddress());

        Run fund = run(env, "fund", "--ether", "2.5", "--tokens", "1000", target);

        assertThat(fund.exitCode()).as(fund.err()).isZero();
        assertThat(chain.web3j()
                        .ethGetBalance(target, DefaultBlockParameterName.LATEST)
                        .send()
                        .getBalance())
                .isEqualTo(new BigInteger("2500000000000000000"));
        var token = CoopHiveToken.load(
                addresses.get("WEB3_TOKEN_ADDRESS"),
                chain.web3j(),
                chain.transactionManager(DevAccounts.faucet().credentials()),
                chain.callGas());
        assertThat(token.balanceOf(target).send()).isEqualTo(BigInteger.TEN.pow(21));

        Run balances = run(env, "balances", target);
        assertThat(balances.exitCode()).as(balances.err()).isZero();
        assertThat(balances.out()).contains(target).contains("2.5").contains("1000");
    }

    @Test
    void shouldPrintSixValidKeyPairsWhenGeneratingAddresses() {
        Run generated = run(new HashMap<>(), "generate-addresses");

        assertThat(generated.exitCode()).isZero();
        Map<String, String> lines = envLines(generated.out());
        for (String name : AdminCli.SERVICE_ACCOUNTS) {
            String key = lines.get(name + "_PRIVATE_KEY");
            String address = lines.get(name + "_ADDRESS");
            assertThat(address)
                    .isEqualTo(Keys.toChecksumAddress(Credentials.create(key).getAddress()));
        }
        assertThat(lines.values()).doesNotHaveDuplicates();
    }

    @Test
    void shouldFailWithOneLineWhenInputIsBad() {
        Run badTreasury = run(
                env(),
                "deploy",
                "--treasury",
                "0x12",
                "--job-creator-controller",
                DevAccounts.solver().address());
        assertThat(badTreasury.exitCode()).isEqualTo(2);
        assertThat(badTreasury.err().strip())
                .contains("--treasury is not an address: 0x12")
                .doesNotContain("\n");

        Map<String, String> noKey = env();
        noKey.remove("ADMIN_PRIVATE_KEY");
        Run missingKey = run(
                noKey,
                "deploy",
                "--treasury",
                DevAccounts.treasury().address(),
                "--job-creator-controller",
                DevAccounts.solver().address());
        assertThat(missingKey.exitCode()).isEqualTo(2);
        assertThat(missingKey.err()).contains("ADMIN_PRIVATE_KEY is not set");

        Run noContract = run(
                env(),
                "print-contract-env",
                "--controller",
                DevAccounts.faucet().address());
        assertThat(noContract.exitCode()).isEqualTo(2);
        assertThat(noContract.err()).contains("no contract at");

        Run nothingToSend = run(env(), "fund", DevAccounts.faucet().address());
        assertThat(nothingToSend.exitCode()).isEqualTo(2);
        assertThat(nothingToSend.err()).contains("nothing to send");
    }

    @Test
    void shouldNeverPrintTheAdminKeyWhenDeploying() {
        String key = env().get("ADMIN_PRIVATE_KEY");
        Run deploy = run(
                env(),
                "deploy",
                "--treasury",
                DevAccounts.treasury().address(),
                "--job-creator-controller",
                DevAccounts.solver().address());
        assertThat(deploy.out() + deploy.err()).doesNotContain(Numeric.cleanHexPrefix(key));
    }

    private static String key(DevAccounts.DevAccount account) {
        return Numeric.toHexStringWithPrefixZeroPadded(
                account.credentials().getEcKeyPair().getPrivateKey(), 64);
    }

    @Test
    void shouldPrintTheDevAccountsLabelledAsWellKnownWhenAskedForDevKeys() {
        Run printed = run(new HashMap<>(), "dev-keys");

        assertThat(printed.exitCode()).isZero();
        assertThat(printed.out()).startsWith("# WELL-KNOWN DEVELOPMENT KEYS").contains(DevAccounts.MNEMONIC);
        Map<String, String> lines = envLines(printed.out());
        for (DevAccounts.DevAccount account : DevAccounts.all()) {
            assertThat(lines).containsEntry(account.envPrefix() + "_PRIVATE_KEY", key(account));
            assertThat(lines).containsEntry(account.envPrefix() + "_ADDRESS", account.address());
        }
    }

    @Test
    void shouldShowEachBalanceChangeWhenComparingWithSavedBalances(@TempDir Path dir) throws Exception {
        Map<String, String> env = env();
        env.put("WEB3_CONTROLLER_ADDRESS", deploy().get("WEB3_CONTROLLER_ADDRESS"));
        String target = DevAccounts.directory().address();
        Path saved = dir.resolve("before.txt");
        Run before = run(env, "balances", "--save", saved.toString(), target);
        assertThat(before.exitCode()).as(before.err()).isZero();

        assertThat(run(env, "fund", "--tokens", "12.5", target).exitCode()).isZero();
        Run after = run(env, "balances", "--since", saved.toString(), "directory=" + target);

        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(after.out()).contains("token change");
        String row =
                after.out().lines().filter(l -> l.contains(target)).findFirst().orElseThrow();
        assertThat(row.trim().split("\\s+")).containsExactly("directory", target, "0", "12.5", "+12.5", "0");
    }

    @Test
    void shouldRequestCowsayOnChainAndPrintTheResultWhenTheJobCreatorWritesItBack() throws Exception {
        Map<String, String> addresses = deploy();
        Map<String, String> env = env();
        env.put("WEB3_CONTROLLER_ADDRESS", addresses.get("WEB3_CONTROLLER_ADDRESS"));
        assertThat(run(env, "fund", "--tokens", "100", DevAccounts.jobCreator().address())
                        .exitCode())
                .isZero();
        // The job creator service (the solver account controls the on-chain job creator) asks 2 tokens.
        var service = CoopHiveOnChainJobCreator.load(
                addresses.get("WEB3_JOBCREATOR_ADDRESS"),
                chain.web3j(),
                chain.transactionManager(DevAccounts.solver().credentials()),
                chain.callGas());
        service.setRequiredDeposit(BigInteger.TWO.multiply(BigInteger.TEN.pow(18)))
                .send();
        BigInteger jobId = service.nextJobID().send();
        env.put("WEB3_PRIVATE_KEY", key(DevAccounts.jobCreator()));
        env.put("WEB3_EXAMPLE_CLIENT_ADDRESS", addresses.get("WEB3_EXAMPLE_CLIENT_ADDRESS"));

        CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(
                () -> run(env, "run-cowsay-onchain", "--message", "moo", "--timeout", "30"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (service.nextJobID().send().equals(jobId)) {
            assertThat(System.nanoTime()).as("job requested in time").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(waiting).isNotDone();
        byte[] dealId = new byte[32];
        dealId[31] = 7;
        service.submitResults(jobId, dealId, "QmResult").send();
        Run done = waiting.get(30, TimeUnit.SECONDS);

        assertThat(done.exitCode()).as(done.err()).isZero();
        assertThat(done.out())
                .contains("job " + jobId + " requested: cowsay \"moo\" (deposit 2 tokens")
                .contains("job " + jobId + " completed: data id QmResult")
                .contains("deal 0x" + "0".repeat(62) + "07");
        assertThat(done.out() + done.err()).doesNotContain(Numeric.cleanHexPrefix(key(DevAccounts.jobCreator())));
    }

    @Test
    void shouldGiveUpWithExitCode4WhenNoResultComesInTime() {
        Map<String, String> addresses = deploy();
        Map<String, String> env = env();
        env.put("WEB3_CONTROLLER_ADDRESS", addresses.get("WEB3_CONTROLLER_ADDRESS"));
        assertThat(run(env, "fund", "--tokens", "100", DevAccounts.jobCreator().address())
                        .exitCode())
                .isZero();
        env.put("WEB3_PRIVATE_KEY", key(DevAccounts.jobCreator()));

        Run run = run(
                env,
                "run-cowsay-onchain",
                "--example-client",
                addresses.get("WEB3_EXAMPLE_CLIENT_ADDRESS"),
                "--timeout",
                "1");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).contains("requested: cowsay \"Hello World!\"");
        assertThat(run.err()).contains("has no result after 1 s");
    }
}
