package org.coophive.saas.credits;

/** A debit the balance does not cover. */
public class InsufficientCreditsException extends RuntimeException {

    private final long balance;
    private final long cost;

    public InsufficientCreditsException(long balance, long cost) {
        super("this job costs " + cost + " credits and the balance is " + balance);
        this.balance = balance;
        this.cost = cost;
    }

    public long balance() {
        return balance;
    }

    public long cost() {
        return cost;
    }
}
