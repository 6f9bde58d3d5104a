package org.coophive.contracts.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.coophive.contracts.ChainConnection;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.generated.CoopHiveController;
import org.coophive.contracts.generated.CoopHivePayments;
import org.coophive.contracts.generated.CoopHiveToken;
import org.coophive.contracts.testing.AnvilNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
}
