package org.coophive.contracts.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.coophive.contracts.ChainConnection;
import org.coophive.contracts.ContractAddresses;
import org.coophive.contracts.Deployer;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.generated.CoopHiveController;
import org.coophive.contracts.generated.CoopHiveOnChainJobCreator;
import org.coophive.contracts.generated.CoopHiveToken;
import org.coophive.contracts.generated.ExampleClient;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Operators' commands for a CoopHive deployment: generate keys, deploy the contracts, fund
 * service accounts with ether and tokens, print balances and contract addresses. The admin key
 * is read from the environment ({@code ADMIN_PRIVATE_KEY}), never from the command line, and
 * is never printed.
 */
@Command(
        name = "coophive-admin",
        mixinStandardHelpOptions = true,
        description = "Deploy and administer the CoopHive contracts.",
        subcommands = {
            AdminCli.GenerateAddresses.class,
            AdminCli.Deploy.class,
            AdminCli.Fund.class,
            AdminCli.Balances.class,
            AdminCli.PrintContractEnv.class,
            AdminCli.DevKeys.class,
            AdminCli.RunCowsayOnchain.class
        })
public final class AdminCli {

    /** Service accounts of a deployment, as the seed's stack names them. */
    static final List<String> SERVICE_ACCOUNTS =
            List.of("ADMIN", "FAUCET", "SOLVER", "MEDIATOR", "RESOURCE_PROVIDER", "JOB_CREATOR");

    private final Map<String, String> env;

    @Option(
            names = "--rpc-url",
            description = "JSON-RPC URL (default: $WEB3_RPC_URL, else http://127.0.0.1:8545).",
            scope = CommandLine.ScopeType.INHERIT)
    String rpcUrl;

    @Option(
            names = "--chain-id",
            description = "Chain id (default: $WEB3_CHAIN_ID, else 1337).",
            scope = CommandLine.ScopeType.INHERIT)
    Long chainId;

    @Spec
    CommandLine.Model.CommandSpec spec;

    AdminCli(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs the CLI against an environment; returns the exit code. */
    public static int run(Map<String, String> env, String... args) {
        return commandLine(env).execute(args);
    }

    static CommandLine commandLine(Map<String, String> env) {
        CommandLine cli = new CommandLine(new AdminCli(env));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // One line for the operator; the stack trace helps nobody running a deploy.
            commandLine.getErr().println("error: " + oneLine(e));
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage() + " (try: " + failed.getCommandName() + " --help)");
            return 2;
        });
        return cli;
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    String rpcUrl() {
        if (rpcUrl != null) return rpcUrl;
        return env.getOrDefault("WEB3_RPC_URL", "http://127.0.0.1:8545");
    }

    long chainId() {
        if (chainId != null) return chainId;
        String value = env.getOrDefault("WEB3_CHAIN_ID", "1337");
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "WEB3_CHAIN_ID is not a number: " + value);
        }
    }

    Credentials adminKey(CommandLine commandLine) {
        String key = env.get("ADMIN_PRIVATE_KEY");
        if (key == null || key.isBlank()) {
            throw new CommandLine.ParameterException(commandLine, "ADMIN_PRIVATE_KEY is not set");
        }
        if (!WalletUtils.isValidPrivateKey(key.trim())) {
            throw new CommandLine.ParameterException(commandLine, "ADMIN_PRIVATE_KEY is not a private key");
        }
        return Credentials.create(key.trim());
    }

    String controllerAddress(CommandLine commandLine, String option) {
        String address = option != null ? option : env.get("WEB3_CONTROLLER_ADDRESS");
        if (address == null || address.isBlank()) {
            throw new CommandLine.ParameterException(
                    commandLine, "WEB3_CONTROLLER_ADDRESS is not set (or pass --controller)");
        }
        return requireAddress(commandLine, "controller", address);
    }

    /** The controller at {@code address}; a one-line error when no contract is there. */
    CoopHiveController loadController(
            CommandLine commandLine, ChainConnection chain, String address, TransactionManager sender)
            throws IOException {
        String code = chain.web3j()
                .ethGetCode(address, DefaultBlockParameterName.LATEST)
                .send()
                .getCode();
        if (code == null || code.equals("0x")) {
            throw new CommandLine.ParameterException(commandLine, "no contract at " + address + " on " + rpcUrl());
        }
        return CoopHiveController.load(address, chain.web3j(), sender, chain.callGas());
    }

    /** The token of the deployment behind a controller. */
    CoopHiveToken loadToken(
            CommandLine commandLine, ChainConnection chain, String controller, TransactionManager sender)
            throws Exception {
        String token = loadController(commandLine, chain, controller, sender)
                .getTokenAddress()
                .send();
        return CoopHiveToken.load(token, chain.web3j(), sender, chain.callGas());
    }

    /** Reads need no key. */
    static TransactionManager readOnly(ChainConnection chain) {
        return new ReadonlyTransactionManager(chain.web3j(), DevAccounts.admin().address());
    }

    static String requireAddress(CommandLine commandLine, String name, String value) {
        String trimmed = value.trim();
        if (!trimmed.startsWith("0x") || !WalletUtils.isValidAddress(trimmed)) {
            throw new CommandLine.ParameterException(commandLine, name + " is not an address: " + value);
        }
        return Keys.toChecksumAddress(trimmed);
    }

    /** The {@code --controller} option of the commands that work on an existing deployment. */
    static final class ControllerOption {
        @Option(names = "--controller", description = "Controller address (default: $WEB3_CONTROLLER_ADDRESS).")
        String controller;
    }

    /** Prints fresh keys for the service accounts of a production deployment. */
    @Command(
            name = "generate-addresses",
            description = "Print new random keys and addresses for the service accounts as export lines.")
    static final class GenerateAddresses implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            for (String name : SERVICE_ACCOUNTS) {
                ECKeyPair keys = Keys.createEcKeyPair();
                Credentials credentials = Credentials.create(keys);
                // The one command allowed to print keys: that is its job.
                out.printf(
                        "export %s_PRIVATE_KEY=%s%n",
                        name, Numeric.toHexStringWithPrefixZeroPadded(keys.getPrivateKey(), 64));
                out.printf("export %s_ADDRESS=%s%n", name, Keys.toChecksumAddress(credentials.getAddress()));
            }
            out.flush();
            return 0;
        }
    }

    /** Deploys and wires all contracts with the admin key. */
    @Command(
            name = "deploy",
            description = "Deploy and wire all contracts with $ADMIN_PRIVATE_KEY; prints the addresses as env lines.")
    static final class Deploy implements Callable<Integer> {
        @ParentCommand
        AdminCli cli;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--treasury", required = true, description = "Address that receives slashed collateral.")
        String treasury;

        @Option(
                names = "--job-creator-controller",
                required = true,
                description = "Account of the job creator service (the seed uses the solver account).")
        String jobCreatorController;

        @Option(names = "--token-name", defaultValue = "CoopHive Token")
        String tokenName;

        @Option(names = "--token-symbol", defaultValue = "HIVE")
        String tokenSymbol;

        @Option(
                names = "--supply",
                defaultValue = "1000000000",
                description = "Initial token supply in whole tokens, minted to the admin.")
        BigDecimal supply;

        @Option(names = "--freeze", description = "Make the controller wiring permanent.")
        boolean freeze;

        @Override
        public Integer call() throws Exception {
            CommandLine commandLine = spec.commandLine();
            Credentials admin = cli.adminKey(commandLine);
            var options = new Deployer.Options(
                    requireAddress(commandLine, "--treasury", treasury),
                    requireAddress(commandLine, "--job-creator-controller", jobCreatorController),
                    tokenName,
                    tokenSymbol,
                    toWei(commandLine, "--supply", supply),
                    freeze);
            try (ChainConnection chain = ChainConnection.open(cli.rpcUrl(), cli.chainId())) {
                ContractAddresses addresses = new Deployer(
                                chain.web3j(), chain.transactionManager(admin), chain.deployGas(), chain.callGas())
                        .deploy(options);
                PrintWriter out = commandLine.getOut();
                addresses.asEnvironment().forEach((name, value) -> out.printf("%s=%s%n", name, value));
                out.flush();
            }
            return 0;
        }
    }

    /** Sends ether and tokens from the admin to service accounts. */
    @Command(name = "fund", description = "Send ether and/or tokens from the admin to each address.")
    static final class Fund implements Callable<Integer> {
        @ParentCommand
        AdminCli cli;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--ether", defaultValue = "0", description = "Ether per address (whole units).")
        BigDecimal ether;

        @Option(names = "--tokens", defaultValue = "0", description = "Tokens per address (whole units).")
        BigDecimal tokens;

        @Mixin
        ControllerOption controllerOption;

        @Parameters(arity = "1..*", paramLabel = "ADDRESS", description = "Addresses to fund.")
        List<String> addresses = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            CommandLine commandLine = spec.commandLine();
            Credentials admin = cli.adminKey(commandLine);
            BigInteger etherWei = toWei(commandLine, "--ether", ether);
            BigInteger tokenWei = toWei(commandLine, "--tokens", tokens);
            if (etherWei.signum() == 0 && tokenWei.signum() == 0) {
                throw new CommandLine.ParameterException(commandLine, "nothing to send: give --ether and/or --tokens");
            }
            List<String> targets = new ArrayList<>();
            for (String address : addresses) targets.add(requireAddress(commandLine, "ADDRESS", address));
            String controllerAddress =
                    tokenWei.signum() > 0 ? cli.controllerAddress(commandLine, controllerOption.controller) : null;
            try (ChainConnection chain = ChainConnection.open(cli.rpcUrl(), cli.chainId())) {
                FastRawTransactionManager sender = chain.transactionManager(admin);
                CoopHiveToken token =
                        controllerAddress == null ? null : cli.loadToken(commandLine, chain, controllerAddress, sender);
                PrintWriter out = commandLine.getOut();
                for (String target : targets) {
                    if (etherWei.signum() > 0) {
                        var receipt = sender.sendTransaction(
                                chain.callGas().getGasPrice(), BigInteger.valueOf(21_000), target, "", etherWei);
                        if (receipt.hasError()) {
                            throw new IllegalStateException("sending ether to " + target + " failed: "
                                    + receipt.getError().getMessage());
                        }
                        new PollingTransactionReceiptProcessor(chain.web3j(), 10, 60_000)
                                .waitForTransactionReceipt(receipt.getTransactionHash());
                        out.printf("sent %s ether to %s%n", ether.toPlainString(), target);
                    }
                    if (token != null) {
                        token.transfer(target, tokenWei).send();
                        out.printf("sent %s tokens to %s%n", tokens.toPlainString(), target);
                    }
                }
                out.flush();
            }
            return 0;
        }
    }

    /** Prints ether and token balances. */
    @Command(
            name = "balances",
            description = "Print ether and token balances of the given addresses (default: the named dev accounts).")
    static final class Balances implements Callable<Integer> {
        @ParentCommand
        AdminCli cli;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ControllerOption controllerOption;

        @Parameters(
                arity = "0..*",
                paramLabel = "[NAME=]ADDRESS",
                description = "Accounts, optionally named (solver=0x...).")
        List<String> addresses = new ArrayList<>();

        @Option(
                names = "--save",
                paramLabel = "FILE",
                description = "Also write the balances (in wei) to FILE, for a later --since.")
        Path save;

        @Option(
                names = "--since",
                paramLabel = "FILE",
                description = "Add the change of each balance since the balances saved in FILE.")
        Path since;

        @Override
        public Integer call() throws Exception {
            CommandLine commandLine = spec.commandLine();
            Map<String, BigInteger[]> before = since == null ? Map.of() : readSaved(commandLine, since);
            List<String> saved = new ArrayList<>();
            List<String[]> rows = new ArrayList<>();
            if (addresses.isEmpty()) {
                DevAccounts.all().forEach(a -> rows.add(new String[] {a.name(), a.address()}));
            } else {
                for (String address : addresses) {
                    int equals = address.indexOf('=');
                    String name = equals < 0 ? "" : address.substring(0, equals);
                    rows.add(
                            new String[] {name, requireAddress(commandLine, "ADDRESS", address.substring(equals + 1))});
                }
            }
            String controllerAddress = cli.controllerAddress(commandLine, controllerOption.controller);
            try (ChainConnection chain = ChainConnection.open(cli.rpcUrl(), cli.chainId())) {
                CoopHiveToken token = cli.loadToken(commandLine, chain, controllerAddress, readOnly(chain));
                PrintWriter out = commandLine.getOut();
                if (since == null) {
                    out.printf("%-18s %-42s %28s %28s%n", "account", "address", "ether", "tokens");
                } else {
                    out.printf(
                            "%-18s %-42s %16s %16s %14s %22s%n",
                            "account",
                            "address",
                            "tokens before",
                            "tokens after",
                            "token change",
                            "ether change (gas)");
                }
                for (String[] row : rows) {
                    BigInteger wei = chain.web3j()
                            .ethGetBalance(row[1], DefaultBlockParameterName.LATEST)
                            .send()
                            .getBalance();
                    BigInteger tokenWei = token.balanceOf(row[1]).send();
                    saved.add(row[1] + " " + wei + " " + tokenWei);
                    if (since == null) {
                        out.printf("%-18s %-42s %28s %28s%n", row[0], row[1], fromWei(wei), fromWei(tokenWei));
                    } else {
                        BigInteger[] old = before.get(row[1].toLowerCase(Locale.ROOT));
                        out.printf(
                                "%-18s %-42s %16s %16s %14s %22s%n",
                                row[0],
                                row[1],
                                old == null ? "?" : fromWei(old[1]),
                                fromWei(tokenWei),
                                old == null ? "?" : signed(tokenWei.subtract(old[1])),
                                old == null ? "?" : signed(wei.subtract(old[0])));
                    }
                }
                out.flush();
            }
            if (save != null) Files.write(save, saved);
            return 0;
        }

        private static Map<String, BigInteger[]> readSaved(CommandLine commandLine, Path file) {
            Map<String, BigInteger[]> balances = new HashMap<>();
            try {
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length != 3) continue;
                    balances.put(
                            fields[0].toLowerCase(Locale.ROOT),
                            new BigInteger[] {new BigInteger(fields[1]), new BigInteger(fields[2])});
                }
            } catch (IOException | NumberFormatException e) {
                throw new CommandLine.ParameterException(commandLine, "cannot read saved balances " + file + ": " + e);
            }
            return balances;
        }

        private static String signed(BigInteger wei) {
            return (wei.signum() > 0 ? "+" : "") + fromWei(wei);
        }
    }

    /** Prints the well-known development keys: the public test mnemonic's accounts. */
    @Command(
            name = "dev-keys",
            description = "Print the WELL-KNOWN DEVELOPMENT keys and addresses (the public test mnemonic of Anvil"
                    + " and Hardhat) as export lines: the dev .env. Never fund them on a real chain.")
    static final class DevKeys implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.println("# WELL-KNOWN DEVELOPMENT KEYS, derived from the public test mnemonic");
            out.println("# \"" + DevAccounts.MNEMONIC + "\" (Anvil's and Hardhat's).");
            out.println("# Anyone can spend from these accounts: use them on a local dev chain only.");
            for (DevAccounts.DevAccount account : DevAccounts.all()) {
                out.printf(
                        "export %s_PRIVATE_KEY=%s%n",
                        account.envPrefix(),
                        Numeric.toHexStringWithPrefixZeroPadded(
                                account.credentials().getEcKeyPair().getPrivateKey(), 64));
                out.printf("export %s_ADDRESS=%s%n", account.envPrefix(), account.address());
            }
            out.flush();
            return 0;
        }
    }

    /** The seed's on-chain job demo: a contract (ExampleClient) asks the network to run cowsay. */
    @Command(
            name = "run-cowsay-onchain",
            description = "Call ExampleClient.runCowsay(MESSAGE) with $WEB3_PRIVATE_KEY (approving the deposit"
                    + " first), then wait until the job creator service writes the result back on chain.")
    static final class RunCowsayOnchain implements Callable<Integer> {
        @ParentCommand
        AdminCli cli;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--message", description = "The message (default: $MESSAGE, else \"Hello World!\").")
        String message;

        @Option(
                names = "--example-client",
                description = "ExampleClient address (default: $WEB3_EXAMPLE_CLIENT_ADDRESS).")
        String exampleClient;

        @Option(
                names = "--timeout",
                defaultValue = "300",
                description = "Seconds to wait for the result; 0: do not wait (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            CommandLine commandLine = spec.commandLine();
            String key = cli.env.get("WEB3_PRIVATE_KEY");
            if (key == null || key.isBlank()) {
                throw new CommandLine.ParameterException(commandLine, "WEB3_PRIVATE_KEY is not set");
            }
            if (!WalletUtils.isValidPrivateKey(key.trim())) {
                throw new CommandLine.ParameterException(commandLine, "WEB3_PRIVATE_KEY is not a private key");
            }
            Credentials caller = Credentials.create(key.trim());
            String clientOption = exampleClient != null ? exampleClient : cli.env.get("WEB3_EXAMPLE_CLIENT_ADDRESS");
            if (clientOption == null || clientOption.isBlank()) {
                throw new CommandLine.ParameterException(
                        commandLine, "WEB3_EXAMPLE_CLIENT_ADDRESS is not set (or pass --example-client)");
            }
            String clientAddress = requireAddress(commandLine, "example client", clientOption);
            String text = message != null ? message : cli.env.getOrDefault("MESSAGE", "Hello World!");
            PrintWriter out = commandLine.getOut();
            try (ChainConnection chain = ChainConnection.open(cli.rpcUrl(), cli.chainId())) {
                String code = chain.web3j()
                        .ethGetCode(clientAddress, DefaultBlockParameterName.LATEST)
                        .send()
                        .getCode();
                if (code == null || code.equals("0x")) {
                    throw new CommandLine.ParameterException(
                            commandLine, "no contract at " + clientAddress + " on " + cli.rpcUrl());
                }
                TransactionManager sender = chain.transactionManager(caller);
                ExampleClient client = ExampleClient.load(clientAddress, chain.web3j(), sender, chain.callGas());
                var manager = CoopHiveOnChainJobCreator.load(
                        client.getJobManagerAddress().send(), chain.web3j(), sender, chain.callGas());
                BigInteger deposit = manager.getRequiredDeposit().send();
                if (deposit.signum() > 0) {
                    CoopHiveToken token = CoopHiveToken.load(
                            manager.getTokenAddress().send(), chain.web3j(), sender, chain.callGas());
                    if (token.allowance(caller.getAddress(), clientAddress)
                                    .send()
                                    .compareTo(deposit)
                            < 0) {
                        token.approve(clientAddress, deposit).send();
                    }
                }
                var receipt = client.runCowsay(text).send();
                var created = ExampleClient.getJobCreatedEvents(receipt);
                if (created.isEmpty()) throw new IllegalStateException("runCowsay emitted no JobCreated event");
                BigInteger jobId = created.get(0).id;
                out.printf(
                        "job %s requested: cowsay \"%s\" (deposit %s tokens, tx %s)%n",
                        jobId, text, fromWei(deposit), receipt.getTransactionHash());
                out.flush();
                if (timeoutSeconds <= 0) return 0;
                long deadline =
                        System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
                while (true) {
                    String dataId = client.getJobResult(jobId).send();
                    if (dataId != null && !dataId.isEmpty()) {
                        out.printf("job %s completed: data id %s%n", jobId, dataId);
                        completedDeal(chain, clientAddress, jobId, receipt.getBlockNumber())
                                .ifPresent(deal -> out.printf("deal %s%n", deal));
                        out.flush();
                        return 0;
                    }
                    if (System.nanoTime() > deadline) {
                        commandLine
                                .getErr()
                                .printf(
                                        "error: job %s has no result after %d s (is `./stack jobcreator` running?)%n",
                                        jobId, timeoutSeconds);
                        return 4;
                    }
                    Thread.sleep(500);
                }
            }
        }

        /** The deal id (hex) of the job's JobCompleted event, if the node still has its log. */
        private static Optional<String> completedDeal(
                ChainConnection chain, String client, BigInteger jobId, BigInteger fromBlock) throws IOException {
            EthFilter filter =
                    new EthFilter(DefaultBlockParameter.valueOf(fromBlock), DefaultBlockParameterName.LATEST, client);
            filter.addSingleTopic(EventEncoder.encode(ExampleClient.JOBCOMPLETED_EVENT));
            filter.addSingleTopic("0x" + TypeEncoder.encode(new Uint256(jobId)));
            EthLog logs = chain.web3j().ethGetLogs(filter).send();
            if (logs.hasError() || logs.getLogs().isEmpty()) return Optional.empty();
            Log log = (Log) logs.getLogs().get(0).get();
            return Optional.of(Numeric.toHexString(ExampleClient.getJobCompletedEventFromLog(log).dealId));
        }
    }

    /** Prints the addresses of a deployment as env lines, read from its controller. */
    @Command(
            name = "print-contract-env",
            description = "Print the contract addresses of the deployment behind a controller as env lines.")
    static final class PrintContractEnv implements Callable<Integer> {
        @ParentCommand
        AdminCli cli;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ControllerOption controllerOption;

        @Override
        public Integer call() throws Exception {
            CommandLine commandLine = spec.commandLine();
            String controllerAddress = cli.controllerAddress(commandLine, controllerOption.controller);
            try (ChainConnection chain = ChainConnection.open(cli.rpcUrl(), cli.chainId())) {
                var c = cli.loadController(commandLine, chain, controllerAddress, readOnly(chain));
                PrintWriter out = commandLine.getOut();
                out.printf("WEB3_RPC_URL=%s%n", cli.rpcUrl());
                out.printf("WEB3_CHAIN_ID=%d%n", cli.chainId());
                out.printf("WEB3_CONTROLLER_ADDRESS=%s%n", controllerAddress);
                out.printf(
                        "WEB3_TOKEN_ADDRESS=%s%n", checksum(c.getTokenAddress().send()));
                out.printf(
                        "WEB3_PAYMENTS_ADDRESS=%s%n",
                        checksum(c.getPaymentsAddress().send()));
                out.printf(
                        "WEB3_STORAGE_ADDRESS=%s%n",
                        checksum(c.getStorageAddress().send()));
                out.printf(
                        "WEB3_USERS_ADDRESS=%s%n", checksum(c.getUsersAddress().send()));
                out.printf(
                        "WEB3_MEDIATION_ADDRESS=%s%n",
                        checksum(c.getMediationAddress().send()));
                out.printf(
                        "WEB3_JOBCREATOR_ADDRESS=%s%n",
                        checksum(c.getJobCreatorAddress().send()));
                out.flush();
            }
            return 0;
        }
    }

    private static String checksum(String address) {
        return Keys.toChecksumAddress(address);
    }

    static BigInteger toWei(CommandLine commandLine, String name, BigDecimal amount) {
        if (amount.signum() < 0) throw new CommandLine.ParameterException(commandLine, name + " must not be negative");
        BigDecimal wei = Convert.toWei(amount, Convert.Unit.ETHER);
        if (wei.stripTrailingZeros().scale() > 0) {
            throw new CommandLine.ParameterException(commandLine, name + " has more than 18 decimals");
        }
        return wei.toBigIntegerExact();
    }

    static String fromWei(BigInteger wei) {
        return Convert.fromWei(new BigDecimal(wei), Convert.Unit.ETHER)
                .stripTrailingZeros()
                .toPlainString()
                .toLowerCase(Locale.ROOT);
    }
}
