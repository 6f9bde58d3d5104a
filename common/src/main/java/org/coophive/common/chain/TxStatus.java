package org.coophive.common.chain;

/**
 * What a node knows of a transaction hash: how a restarted service tells whether a transaction it
 * sent before a crash still needs waiting for, went through, or must be sent again.
 */
public enum TxStatus {
    /** The node holds it but it is not mined yet: wait, do not send the step again. */
    PENDING,
    /** Mined and succeeded. */
    SUCCEEDED,
    /** Mined and reverted (or ran out of gas): the step did not happen. */
    FAILED,
    /** The node does not know it: never delivered, or dropped before mining. */
    UNKNOWN
}
