package org.coophive.solver.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coophive.common.chain.EventCheckpoint;
import org.coophive.common.chain.EventCursor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A solver killed with SIGKILL leaves its embedded PostgreSQL running on the data folder; the
 * next start must stop that server and come up with everything committed before the kill.
 */
class EmbeddedDatabaseRecoveryIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldStartWithTheCommittedDataWhenAKilledSolverLeftItsDatabaseRunning() throws Exception {
        Path databaseDir = dataDir.resolve("postgres");
        String postgresBinary;
        try (ConfigurableApplicationContext first = StoreOnlyApplication.start(dataDir)) {
            first.getBean(ChainCursorStore.class)
                    .save("deal-states", EventCheckpoint.unchecked(new EventCursor(42, 3)));
            postgresBinary = ProcessHandle.of(serverPid(databaseDir))
                    .flatMap(process -> process.info().command())
                    .orElseThrow();
        }
        // What a killed solver leaves behind: a server of its own that still runs on the data
        // folder, outside any JVM, with nobody left to stop it.
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
            // PostgreSQL refuses to run as root; the embedded one runs in a user namespace as well.
            command.addAll(List.of("unshare", "-Uu"));
        }
        command.addAll(List.of(
                postgresBinary,
                "-D",
                databaseDir.toString(),
                "-p",
                String.valueOf(port),
                "-c",
                "listen_addresses=127.0.0.1"));
        Process orphan = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "orphan-postgres.log").toFile())
                .start();
        try {
            try (Connection connection = connect(port);
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE chain_cursors SET block_number = 43 WHERE stream = 'deal-states'");
            }

            try (ConfigurableApplicationContext restarted = StoreOnlyApplication.start(dataDir)) {
                assertThat(restarted.getBean(ChainCursorStore.class).load("deal-states"))
                        .isEqualTo(Optional.of(EventCheckpoint.unchecked(new EventCursor(43, 3))));
                assertThat(orphan.isAlive()).as("the orphaned server").isFalse();
            }
        } finally {
            orphan.destroyForcibly();
        }
    }

    private static long serverPid(Path databaseDir) throws Exception {
        return Long.parseLong(
                Files.readAllLines(databaseDir.resolve("postmaster.pid")).get(0).strip());
    }

    /** Connects once the server accepts connections (it needs a moment to start). */
    private static Connection connect(int port) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return DriverManager.getConnection(url);
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(20);
            }
        }
    }
}
