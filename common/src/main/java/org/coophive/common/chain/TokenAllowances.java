package org.coophive.common.chain;

import java.math.BigInteger;

/** The token allowances a deal party gives the escrow before it agrees (its collateral is taken from them). */
public interface TokenAllowances extends ChainAccount {

    /** Allows {@code spender} to take up to {@code amount} of this account's tokens. */
    TxResult approve(String spender, BigInteger amount);

    /** Allows the escrow (the payments contract) to take up to {@code amount}: needed before agreeing. */
    default TxResult approvePayments(BigInteger amount) {
        return approve(addresses().payments(), amount);
    }

    /** What {@code spender} may still take from {@code owner} (wei). */
    BigInteger allowance(String owner, String spender);
}
