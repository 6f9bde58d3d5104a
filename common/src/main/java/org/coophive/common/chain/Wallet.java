package org.coophive.common.chain;

import java.math.BigInteger;

/** Plain transfers and balances, outside any deal: what the faucet pays out with. */
public interface Wallet extends ChainAccount {

    /** Sends tokens from this account. */
    TxResult transferTokens(String to, BigInteger amount);

    /**
     * Sends ether from this account (a plain transfer, simulated first like every call: a
     * recipient contract that refuses ether throws and nothing is sent).
     */
    TxResult sendEther(String to, BigInteger amount);

    /** The token balance of an account (wei). */
    BigInteger tokenBalanceOf(String address);

    /** The ether balance of an account (wei). */
    BigInteger etherBalanceOf(String address);

    /** Whether code is deployed at the address ({@code eth_getCode}): a contract, not an account someone holds a key for. */
    boolean hasCode(String address);
}
