package org.coophive.solver.store;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which result tar each deal uploaded: its data id (the file's name) and size. */
@Repository
public class DealFileStore {

    /**
     * The files of one deal.
     *
     * @param dealId the deal
     * @param dataId content id of the tar bytes, naming the file {@code {data_id}.tar}
     * @param size the tar's length in bytes
     */
    public record DealFiles(String dealId, String dataId, long size) {}

    private final JdbcClient jdbc;

    public DealFileStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records {@code files} as the deal's files, replacing earlier ones. */
    public void save(DealFiles files) {
        jdbc.sql(
                        """
                        INSERT INTO deal_files (deal_id, data_id, size) VALUES (:dealId, :dataId, :size)
                        ON CONFLICT (deal_id) DO UPDATE
                        SET data_id = EXCLUDED.data_id, size = EXCLUDED.size, uploaded_at = now()
                        """)
                .param("dealId", files.dealId())
                .param("dataId", files.dataId())
                .param("size", files.size())
                .update();
    }

    public Optional<DealFiles> find(String dealId) {
        return jdbc.sql("SELECT deal_id, data_id, size FROM deal_files WHERE deal_id = :dealId")
                .param("dealId", dealId)
                .query((rs, row) -> new DealFiles(rs.getString("deal_id"), rs.getString("data_id"), rs.getLong("size")))
                .optional();
    }
}
