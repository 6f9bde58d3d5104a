package org.coophive.solver.store;

import java.util.Optional;
import org.coophive.common.chain.EventCheckpoint;
import org.coophive.common.chain.EventCursor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * How far each chain event stream has been handled, with the hash of that block, so a restart
 * resumes there (and reads again from before it when the block is gone).
 */
@Repository
public class ChainCursorStore {

    private final JdbcClient jdbc;

    public ChainCursorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The position saved for {@code stream}; empty if it was never saved. */
    public Optional<EventCheckpoint> load(String stream) {
        return jdbc.sql("SELECT block_number, log_index, block_hash FROM chain_cursors WHERE stream = :stream")
                .param("stream", stream)
                .query((rs, row) -> new EventCheckpoint(
                        new EventCursor(rs.getLong("block_number"), rs.getLong("log_index")),
                        rs.getString("block_hash")))
                .optional();
    }

    /** Saves {@code checkpoint} as the position of {@code stream}. */
    public void save(String stream, EventCheckpoint checkpoint) {
        jdbc.sql(
                        """
                        INSERT INTO chain_cursors (stream, block_number, log_index, block_hash)
                        VALUES (:stream, :block, :logIndex, :hash)
                        ON CONFLICT (stream) DO UPDATE
                        SET block_number = EXCLUDED.block_number, log_index = EXCLUDED.log_index,
                            block_hash = EXCLUDED.block_hash
                        """)
                .param("stream", stream)
                .param("block", checkpoint.cursor().blockNumber())
                .param("logIndex", checkpoint.cursor().logIndex())
                .param("hash", checkpoint.blockHash())
                .update();
    }
}
