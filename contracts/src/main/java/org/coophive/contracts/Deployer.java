package org.coophive.contracts;

import java.math.BigInteger;
import java.util.Objects;
import org.coophive.contracts.generated.CoopHiveController;
import org.coophive.contracts.generated.CoopHiveMediationRandom;
import org.coophive.contracts.generated.CoopHiveOnChainJobCreator;
import org.coophive.contracts.generated.CoopHivePayments;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.generated.CoopHiveToken;
import org.coophive.contracts.generated.CoopHiveUsers;
import org.coophive.contracts.generated.ExampleClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * Deploys the CoopHive contracts in dependency order and wires them: Storage, Payments and
 * Mediation are driven by the Controller; the on-chain job creator is driven by the job
 * creator service's account. The sender becomes the owner of every contract.
 */
public final class Deployer {

    private static final Logger log = LoggerFactory.getLogger(Deployer.class);

    /** One billion tokens of 18 decimals. */
    public static final BigInteger DEFAULT_SUPPLY = BigInteger.TEN.pow(9 + 18);

    private final Web3j web3j;
    private final TransactionManager sender;
    private final ContractGasProvider deployGas;
    private final ContractGasProvider callGas;

    public Deployer(
            Web3j web3j, TransactionManager sender, ContractGasProvider deployGas, ContractGasProvider callGas) {
        this.web3j = Objects.requireNonNull(web3j);
        this.sender = Objects.requireNonNull(sender);
        this.deployGas = Objects.requireNonNull(deployGas);
        this.callGas = Objects.requireNonNull(callGas);
    }

    /**
     * What to deploy.
     *
     * @param treasury receives slashed collateral
     * @param jobCreatorController the account of the job creator service, which takes jobs from
     *     the on-chain job creator and reports their results
     * @param freezeControllers whether to make the controller wiring permanent
     */
    public record Options(
            String treasury,
            String jobCreatorController,
            String tokenName,
            String tokenSymbol,
            BigInteger initialSupply,
            boolean freezeControllers) {

        public Options {
            requireAddress("treasury", treasury);
            requireAddress("jobCreatorController", jobCreatorController);
            Objects.requireNonNull(tokenName, "tokenName");
            Objects.requireNonNull(tokenSymbol, "tokenSymbol");
            if (initialSupply == null || initialSupply.signum() < 0) {
                throw new IllegalArgumentException("initialSupply must be zero or more");
            }
        }

        /** The dev defaults: the named dev treasury and solver accounts, a one-billion-token supply. */
        public static Options devDefaults() {
            return new Options(
                    DevAccounts.treasury().address(),
                    DevAccounts.solver().address(),
                    "CoopHive Token",
                    "HIVE",
                    DEFAULT_SUPPLY,
                    false);
        }

        private static void requireAddress(String name, String value) {
            if (value == null || !WalletUtils.isValidAddress(value) || !value.startsWith("0x")) {
                throw new IllegalArgumentException(name + " is not an address: " + value);
            }
        }
    }

    /** Deploys and wires everything; returns the addresses. */
    public ContractAddresses deploy(Options options) throws Exception {
        var token = CoopHiveToken.deploy(
                        web3j, sender, deployGas, options.tokenName(), options.tokenSymbol(), options.initialSupply())
                .send();
        deployed("token", token.getContractAddress());
        var payments = CoopHivePayments.deploy(web3j, sender, deployGas, token.getContractAddress(), options.treasury())
                .send();
        deployed("payments", payments.getContractAddress());
        var storage = CoopHiveStorage.deploy(web3j, sender, deployGas).send();
        deployed("storage", storage.getContractAddress());
        var users = CoopHiveUsers.deploy(web3j, sender, deployGas).send();
        deployed("users", users.getContractAddress());
        var mediation = CoopHiveMediationRandom.deploy(web3j, sender, deployGas).send();
        deployed("mediation", mediation.getContractAddress());
        var jobCreator = CoopHiveOnChainJobCreator.deploy(web3j, sender, deployGas, token.getContractAddress())
                .send();
        deployed("jobCreator", jobCreator.getContractAddress());
        var exampleClient = ExampleClient.deploy(web3j, sender, deployGas, jobCreator.getContractAddress())
                .send();
        deployed("exampleClient", exampleClient.getContractAddress());
        var controller = CoopHiveController.deploy(
                        web3j,
                        sender,
                        deployGas,
                        storage.getContractAddress(),
                        users.getContractAddress(),
                        payments.getContractAddress(),
                        mediation.getContractAddress(),
                        jobCreator.getContractAddress())
                .send();
        deployed("controller", controller.getContractAddress());

        String controllerAddress = controller.getContractAddress();
        var storageCalls = CoopHiveStorage.load(storage.getContractAddress(), web3j, sender, callGas);
        var paymentsCalls = CoopHivePayments.load(payments.getContractAddress(), web3j, sender, callGas);
        var mediationCalls = CoopHiveMediationRandom.load(mediation.getContractAddress(), web3j, sender, callGas);
        var jobCreatorCalls = CoopHiveOnChainJobCreator.load(jobCreator.getContractAddress(), web3j, sender, callGas);
        storageCalls.setControllerAddress(controllerAddress).send();
        paymentsCalls.setControllerAddress(controllerAddress).send();
        mediationCalls.setControllerAddress(controllerAddress).send();
        jobCreatorCalls.setControllerAddress(options.jobCreatorController()).send();
        if (options.freezeControllers()) {
            storageCalls.disableChangeControllerAddress().send();
            paymentsCalls.disableChangeControllerAddress().send();
            mediationCalls.disableChangeControllerAddress().send();
        }
        log.info("contracts wired: controller {}", org.web3j.crypto.Keys.toChecksumAddress(controllerAddress));
        return new ContractAddresses(
                token.getContractAddress(),
                payments.getContractAddress(),
                storage.getContractAddress(),
                users.getContractAddress(),
                mediation.getContractAddress(),
                jobCreator.getContractAddress(),
                controllerAddress,
                exampleClient.getContractAddress());
    }

    private static void deployed(String name, String address) {
        log.info("deployed {} at {}", name, address);
    }
}
