package org.coophive.common.solver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.coophive.common.model.SolverEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The solver's WebSocket event stream ({@code ws(s)://.../api/v1/ws}): delivers each {@link
 * SolverEvent} to a {@link SolverEventListener}, in order, and reconnects by itself after the
 * connection closes or fails, waiting {@link SolverClientSettings#backoff(int)} between tries
 * (capped exponential, reset once connected), until {@link #close()}.
 *
 * <p>The solver does not replay events missed while disconnected, so listeners catch up in
 * {@link SolverEventListener#onConnected()}. A malformed event or a listener exception is logged
 * and skipped.
 */
public final class SolverEventStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SolverEventStream.class);

    private final URI uri;
    private final SolverEventListener listener;
    private final SolverClientSettings settings;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean connected = new AtomicBoolean(); // written under lock

    private final Object lock = new Object();
    private volatile boolean closed; // written under lock
    private Connection current; // guarded by lock
    private int failures; // guarded by lock

    private SolverEventStream(
            URI solverUrl, SolverEventFilter filter, SolverEventListener listener, SolverClientSettings settings) {
        String query = Objects.requireNonNull(filter, "filter").toQueryString();
        URI events = SolverUrls.events(solverUrl);
        this.uri = query.isEmpty() ? events : URI.create(events + "?" + query);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "solver-events-reconnect");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts listening to the solver at {@code solverUrl} with default settings; see below. */
    public static SolverEventStream open(URI solverUrl, SolverEventListener listener) {
        return open(solverUrl, listener, SolverClientSettings.DEFAULTS);
    }

    /**
     * Starts listening to the solver at {@code solverUrl} (e.g. {@code http://host:8080}; the
     * stream URL is derived from it). Returns at once; the first connection is made in the
     * background.
     *
     * @throws IllegalArgumentException if the URL is not http(s)://host[:port][/path]
     */
    public static SolverEventStream open(URI solverUrl, SolverEventListener listener, SolverClientSettings settings) {
        return open(solverUrl, SolverEventFilter.ALL, listener, settings);
    }

    /** Starts listening to the events that pass {@code filter}, with default settings. */
    public static SolverEventStream open(URI solverUrl, SolverEventFilter filter, SolverEventListener listener) {
        return open(solverUrl, filter, listener, SolverClientSettings.DEFAULTS);
    }

    /**
     * Starts listening to the events that pass {@code filter} (the solver filters them before
     * sending); otherwise as {@link #open(URI, SolverEventListener, SolverClientSettings)}.
     */
    public static SolverEventStream open(
            URI solverUrl, SolverEventFilter filter, SolverEventListener listener, SolverClientSettings settings) {
        SolverEventStream stream = new SolverEventStream(solverUrl, filter, listener, settings);
        stream.scheduler.execute(stream::connect);
        return stream;
    }

    /** The WebSocket URL this stream connects to, with the filter's query. */
    public URI uri() {
        return uri;
    }

    /** Whether the stream is connected to the solver now. */
    public boolean isConnected() {
        return connected.get();
    }

    /** Stops the stream: closes the connection and makes no further attempt. Idempotent. */
    @Override
    public void close() {
        Connection connection;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            connection = current;
            current = null;
            connected.set(false);
        }
        scheduler.shutdownNow();
        if (connection != null) connection.close();
    }

    private void connect() {
        Connection connection;
        synchronized (lock) {
            if (closed) return;
            connection = new Connection();
            current = connection;
        }
        log.debug("connecting to the solver's events at {}", uri);
        http.newWebSocketBuilder()
                .connectTimeout(settings.connectTimeout())
                .buildAsync(uri, connection)
                .whenComplete((webSocket, error) -> {
                    if (error != null) {
                        log.debug("cannot connect to the solver's events at {}: {}", uri, error.toString());
                        connection.ended();
                    } else {
                        connection.attach(webSocket);
                    }
                });
    }

    private void onOpened(Connection connection) {
        synchronized (lock) {
            if (closed || current != connection) return;
            failures = 0;
            connected.set(true);
        }
        log.info("connected to the solver's events at {}", uri);
        try {
            listener.onConnected();
        } catch (RuntimeException e) {
            log.warn("the solver event listener failed on connect", e);
        }
    }

    private void reconnectLater(Connection connection) {
        Duration wait;
        synchronized (lock) {
            if (closed || current != connection) return;
            current = null;
            failures++;
            wait = settings.backoff(failures);
            connected.set(false);
        }
        log.debug("reconnecting to the solver's events in {} ms", wait.toMillis());
        try {
            scheduler.schedule(this::connect, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // close() shut the scheduler down between our check and here: nothing to do.
        }
    }

    private void deliver(String text) {
        if (closed) return;
        SolverEvent event;
        try {
            event = SolverJson.MAPPER.readValue(text, SolverEvent.class);
        } catch (JacksonException e) {
            log.warn("skipping a malformed solver event: {}", e.getOriginalMessage());
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("the solver event listener failed on a {} event; carrying on", event.eventType(), e);
        }
    }

    /** One WebSocket connection: assembles text messages and reports its end once. */
    private final class Connection implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicBoolean saidGoodbye = new AtomicBoolean();
        private volatile WebSocket webSocket;

        void attach(WebSocket webSocket) {
            this.webSocket = webSocket;
            boolean stale;
            synchronized (lock) {
                stale = closed || current != this;
            }
            if (stale) goodbye(webSocket);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            this.webSocket = webSocket;
            onOpened(this);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String text = message.toString();
                message.setLength(0);
                deliver(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            log.info("the solver closed its event stream ({} {})", statusCode, reason);
            ended();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            log.info("the solver's event stream failed: {}", error.toString());
            ended();
        }

        void ended() {
            if (ended.compareAndSet(false, true)) reconnectLater(this);
        }

        void close() {
            WebSocket socket = webSocket;
            if (socket != null) goodbye(socket); // else still connecting: attach() says goodbye
        }

        /**
         * Sends the close frame once, then drops the connection. Both close() and a late attach()
         * may get here; the first one wins, so an abort can never cut off the goodbye.
         */
        private void goodbye(WebSocket socket) {
            if (!saidGoodbye.compareAndSet(false, true)) return;
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "client closing")
                    // Not waiting for the solver's reply: the stream is done either way.
                    .whenComplete((ignored, error) -> socket.abort());
        }
    }

    @Override
    public String toString() {
        return "SolverEventStream[" + uri + (isConnected() ? ", connected" : "") + "]";
    }
}
