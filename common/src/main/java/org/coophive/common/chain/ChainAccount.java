package org.coophive.common.chain;

/** Who is acting on chain and which contracts it talks to: what every role starts from. */
public interface ChainAccount {

    /** This client's own address (EIP-55 checksummed): who every transaction is from. */
    String address();

    /** The contracts this client talks to. */
    ChainAddresses addresses();
}
