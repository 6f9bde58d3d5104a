package org.coophive.jobcreator.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ends the {@code run} process as soon as its last line is written.
 *
 * <p>At exit the JVM waits for the threads running native code to come back to Java, in 10 ms
 * steps, for 300 ms at least. The JDK's HttpClient (the solver client and the solver's event
 * stream) keeps a selector thread blocked in {@code epoll_wait} for as long as the client lives,
 * and JDK 17 cannot close a client: every run paid those 300 ms (0.35-0.45 s on a loaded machine)
 * after printing its summary. An interrupt wakes a selector thread and ends it; the process ends
 * right after, so nothing is cut short that would still have been used.
 */
public final class ProcessExit {

    /** The JDK names each client's selector thread so (JDK 17 to 25). */
    static final Pattern HTTP_CLIENT_SELECTOR = Pattern.compile("HttpClient-\\d+-SelectorManager");

    private static final Duration SELECTORS_STOP_WAIT = Duration.ofMillis(100);

    private ProcessExit() {}

    /** {@link System#exit} without the JVM's wait for the HttpClient selector threads. */
    public static void exit(int status) {
        stopHttpClientSelectors(SELECTORS_STOP_WAIT);
        System.exit(status);
    }

    /**
     * Interrupts the HttpClient selector threads and waits up to {@code wait} for them to end: the
     * process's clients stop working. Returns the threads that were still alive after the wait.
     */
    static List<Thread> stopHttpClientSelectors(Duration wait) {
        List<Thread> selectors = new ArrayList<>();
        for (Thread thread : allThreads()) {
            if (thread.isDaemon()
                    && HTTP_CLIENT_SELECTOR.matcher(thread.getName()).matches()) {
                selectors.add(thread);
                thread.interrupt();
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        List<Thread> alive = new ArrayList<>();
        for (Thread selector : selectors) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) selector.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                // Exiting anyway: the JVM's own wait covers a thread that did not end yet.
                Thread.currentThread().interrupt();
            }
            if (selector.isAlive()) alive.add(selector);
        }
        return alive;
    }

    private static List<Thread> allThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count;
        while ((count = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return Arrays.asList(threads).subList(0, count);
    }
}
