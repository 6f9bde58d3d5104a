package org.coophive.common.solver;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal WebSocket server (RFC 6455) on 127.0.0.1 for the event stream tests, JDK only: the
 * opening handshake with {@code Sec-WebSocket-Accept}, unmasked text frames from the server
 * (optionally fragmented), and masked frames from clients, of which it answers close and ping.
 */
final class TestWebSocketServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final AtomicInteger upgradeRequests = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger closeFrames = new AtomicInteger();
    private final AtomicInteger handshakesToRefuse = new AtomicInteger();
    private final Set<String> refusedPaths = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> upgradeRequestsByPath = new ConcurrentHashMap<>();

    TestWebSocketServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "test-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The solver URL a client is given (the stream derives ws://.../api/v1/ws from it). */
    URI solverUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Upgrade requests received, refused ones included. */
    int upgradeRequests() {
        return upgradeRequests.get();
    }

    /** Upgrade requests received for one path, refused ones included. */
    int upgradeRequests(String path) {
        AtomicInteger count = upgradeRequestsByPath.get(path);
        return count == null ? 0 : count.get();
    }

    /** Handshakes completed. */
    int handshakes() {
        return handshakes.get();
    }

    /** Close frames received from clients. */
    int closeFrames() {
        return closeFrames.get();
    }

    int openConnections() {
        return peers.size();
    }

    /** Answers the next {@code times} upgrade requests with 503 instead of switching protocols. */
    void refuseNextHandshakes(int times) {
        handshakesToRefuse.set(times);
    }

    /** Answers every upgrade request for {@code path} with 503 from now on. */
    void refuseAlways(String path) {
        refusedPaths.add(path);
    }

    /** Sends one text message to every open connection, in one frame. */
    void send(String text) {
        sendFragmented(text, 1);
    }

    /** Sends one text message to every open connection, split into {@code parts} frames. */
    void sendFragmented(String text, int parts) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (Peer peer : peers) {
            int step = (bytes.length + parts - 1) / parts;
            for (int i = 0, start = 0; i < parts; i++, start += step) {
                int end = Math.min(bytes.length, start + step);
                peer.frame(i == parts - 1, i == 0 ? 0x1 : 0x0, bytes, start, Math.max(0, end - start));
            }
        }
    }

    /** Drops every open connection without a close frame, as a crashed solver would. */
    void dropAll() {
        for (Peer peer : peers) peer.close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread thread = new Thread(() -> serve(socket), "test-ws-peer");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return; // the server socket was closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            List<String> headers = readHeaders(in);
            String path = headers.get(0).split(" ")[1];
            String key = handshakeKey(headers);
            upgradeRequestsByPath
                    .computeIfAbsent(path, p -> new AtomicInteger())
                    .incrementAndGet();
            upgradeRequests.incrementAndGet();
            OutputStream out = socket.getOutputStream();
            if (refusedPaths.contains(path) || handshakesToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Peer peer = new Peer(socket, out);
            peers.add(peer);
            handshakes.incrementAndGet();
            try {
                readFrames(new DataInputStream(in), peer);
            } finally {
                peers.remove(peer);
            }
        } catch (IOException e) {
            // The connection ended (dropped by a test or closed by the client): nothing to do.
        }
    }

    private void readFrames(DataInputStream in, Peer peer) throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) length = in.readUnsignedShort();
            else if (length == 127) length = in.readLong();
            byte[] mask = new byte[4];
            if ((second & 0x80) != 0) in.readFully(mask);
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
            int opcode = first & 0x0F;
            if (opcode == 0x8) {
                closeFrames.incrementAndGet();
                peer.frame(true, 0x8, payload, 0, Math.min(2, payload.length));
                peer.close();
                return;
            }
            if (opcode == 0x9) peer.frame(true, 0xA, payload, 0, payload.length);
        }
    }

    private static List<String> readHeaders(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("the connection ended during the handshake");
            head.append((char) b);
        }
        return List.of(head.toString().split("\r\n"));
    }

    private static String handshakeKey(List<String> headers) throws IOException {
        return headers.stream()
                .filter(h -> h.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:"))
                .map(h -> h.substring(h.indexOf(':') + 1).strip())
                .findFirst()
                .orElseThrow(() -> new IOException("no Sec-WebSocket-Key"));
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One open connection; frames are written whole under its lock. */
    private static final class Peer {
        private final Socket socket;
        private final OutputStream out;

        Peer(Socket socket, OutputStream out) {
            this.socket = socket;
            this.out = out;
        }

        synchronized void frame(boolean fin, int opcode, byte[] payload, int offset, int length) {
            try {
                out.write((fin ? 0x80 : 0) | opcode);
                if (length < 126) {
                    out.write(length);
                } else if (length < 65536) {
                    out.write(126);
                    out.write(length >>> 8);
                    out.write(length & 0xFF);
                } else {
                    out.write(127);
                    for (int shift = 56; shift >= 0; shift -= 8) out.write((int) ((long) length >>> shift) & 0xFF);
                }
                out.write(payload, offset, length);
                out.flush();
            } catch (IOException e) {
                close(); // the client went away; its reader thread removes it
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Already closed: the goal.
            }
        }
    }
}
