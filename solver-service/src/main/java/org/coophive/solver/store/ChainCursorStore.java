package org.coophive.solver.store;

import java.util.Optional;
import org.coophive.common.chain.EventCursor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** How far each chain event stream has been handled, so a restart resumes there. */
@Repository
public class ChainCursorStore {

    private final JdbcClient jdbc;

    public ChainCursorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The position saved for {@code stream}; empty if it was never saved. */
    public Optional<EventCursor> load(String stream) {
        return jdbc.sql("SELECT block_number, log_index FROM chain_cursors WHERE stream = :stream")
                .param("stream", stream)
                .query((rs, row) -> new EventCursor(rs.getLong("block_number"), rs.getLong("log_index")))
                .optional();
    }

    /** Saves {@code cursor} as the position of {@code stream}. */
    public void save(String stream, EventCursor cursor) {
        jdbc.sql(
                        """
                        INSERT INTO chain_cursors (stream, block_number, log_index) VALUES (:stream, :block, :logIndex)
                        ON CONFLICT (stream) DO UPDATE
                        SET block_number = EXCLUDED.block_number, log_index = EXCLUDED.log_index
                        """)
                .param("stream", stream)
                .param("block", cursor.blockNumber())
                .param("logIndex", cursor.logIndex())
                .update();
    }
}
