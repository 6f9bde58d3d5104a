package org.coophive.solver.store;

import java.util.Optional;
import org.coophive.common.model.Result;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The result of each deal; a deal has at most one, and a new one replaces it. */
@Repository
public class ResultStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ResultStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Saves {@code result} as the result of its deal, replacing any earlier one. */
    public void save(Result result) {
        jdbc.sql(
                        """
                        INSERT INTO results (deal_id, document) VALUES (:dealId, :document::jsonb)
                        ON CONFLICT (deal_id) DO UPDATE SET document = EXCLUDED.document
                        """)
                .param("dealId", result.dealId())
                .param("document", json.writeValueAsString(result))
                .update();
    }

    public Optional<Result> find(String dealId) {
        return jdbc.sql("SELECT document FROM results WHERE deal_id = :dealId")
                .param("dealId", dealId)
                .query(String.class)
                .optional()
                .map(document -> json.readValue(document, Result.class));
    }
}
