package org.coophive.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of the chain's RPC port that can stop answering: while
 * {@link #stall() stalled} it cuts the open connections and takes new ones without ever answering
 * them (a node that hangs, not one that refuses); {@link #resume()} cuts the hanging ones and
 * forwards again. Every thread it starts is a daemon and ends on {@link #close()}. Shared by the
 * crash suite and the services' ITs (an outage of the chain seen by one service).
 */
public final class RpcOutageProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;

    public RpcOutageProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "rpc-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** The proxy's URL, to give the services as {@code WEB3_RPC_URL}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Stops answering: open connections are cut, new ones hang. */
    public void stall() {
        stalled = true;
        cutAll();
    }

    /** Answers again: the hanging connections are cut (their clients retry), new ones are forwarded. */
    public void resume() {
        stalled = false;
        cutAll();
    }

    private void cutAll() {
        for (Socket socket : open) close(socket);
        open.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(client);
            if (stalled) continue; // held open, never answered
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2_000);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                close(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // cut by stall() or by a peer
                    } finally {
                        close(from);
                        close(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "rpc-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
