package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coophive.contracts.testing.AnvilNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The dev chain runs the EVM the contracts are compiled for, and so keeps no block's hash in
 * storage: on Anvil's default, the latest fork, every block writes its parent's hash into a
 * system contract (EIP-2935) whose whole storage is hashed again for each block's state root,
 * which made each block cost more than the one before.
 */
class DevChainIT {

    /** EIP-2935's history contract: block {@code n}'s hash at slot {@code n % 8191} from Prague on. */
    private static final String BLOCK_HASH_HISTORY = "0x0000F90827F1C53a10cb7A02335B175320002935";

    private static AnvilNode node;
    private static Web3j web3j;

    @BeforeAll
    static void start() throws Exception {
        node = AnvilNode.start();
        web3j = Web3j.build(new HttpService(node.rpcUrl()));
    }

    @AfterAll
    static void stop() {
        if (web3j != null) web3j.shutdown();
        if (node != null) node.close();
    }

    @Test
    void shouldRunTheEvmVersionTheContractsAreCompiledFor() throws Exception {
        Matcher compiledFor = Pattern.compile("evmVersion:\\s*\"(\\w+)\"")
                .matcher(Files.readString(Path.of("scripts", "compile.js")));
        assertThat(compiledFor.find()).as("evmVersion in scripts/compile.js").isTrue();

        assertThat(AnvilNode.hardforkOf(node.rpcUrl())).isEqualToIgnoringCase(compiledFor.group(1));
    }

    @Test
    void shouldStoreNoBlockHashesAsBlocksAreMined() throws Exception {
        for (int i = 0; i < 5; i++) node.mine();
        long latest = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();

        for (long block = latest - 3; block < latest; block++) {
            BigInteger stored = Numeric.toBigInt(web3j.ethGetStorageAt(
                            BLOCK_HASH_HISTORY, BigInteger.valueOf(block), DefaultBlockParameterName.LATEST)
                    .send()
                    .getData());
            assertThat(stored).as("slot %d of the block hash history", block).isZero();
        }
    }
}
