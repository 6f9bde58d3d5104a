package org.coophive.jobcreator.run;

import java.util.function.Supplier;

/**
 * The chain connection of {@code run}, made on a thread of its own: it is the slowest step before
 * the job (the key, the client, the node's checks), and needs only the {@code WEB3_*} variables,
 * so it runs while the other settings bind. A run that stops before using it (a bad setting)
 * abandons it: the client is closed whenever it arrives.
 */
final class BackgroundConnect<C extends AutoCloseable> {

    private final Thread thread;
    private C client;
    private Throwable failure;
    private boolean done;
    private boolean abandoned;

    private BackgroundConnect(Supplier<C> connect) {
        this.thread = new Thread(() -> connect(connect), "run-chain-connect");
        thread.setDaemon(true);
    }

    /** Starts connecting. */
    static <C extends AutoCloseable> BackgroundConnect<C> start(Supplier<C> connect) {
        BackgroundConnect<C> connecting = new BackgroundConnect<>(connect);
        connecting.thread.start();
        return connecting;
    }

    private void connect(Supplier<C> connect) {
        C connected = null;
        Throwable failed = null;
        try {
            connected = connect.get();
        } catch (Throwable e) {
            failed = e;
        }
        synchronized (this) {
            if (abandoned) {
                if (connected != null) close(connected);
            } else {
                client = connected;
                failure = failed;
            }
            done = true;
            notifyAll();
        }
    }

    /**
     * Waits for the connection.
     *
     * @throws RuntimeException what connecting threw ({@code ChainUnavailableException}, {@code
     *     IllegalStateException} for a node that contradicts the settings, ...)
     */
    synchronized C await() throws InterruptedException {
        while (!done) wait();
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
        return client;
    }

    /** The run stops before using the connection: stop retrying, close the client if made. */
    synchronized void abandon() {
        abandoned = true;
        if (client != null) {
            close(client);
            client = null;
        }
        if (!done) thread.interrupt();
    }

    private static void close(AutoCloseable client) {
        try {
            client.close();
        } catch (Exception e) {
            // Nothing uses it: a client that fails to close leaves nothing behind that matters.
        }
    }
}
