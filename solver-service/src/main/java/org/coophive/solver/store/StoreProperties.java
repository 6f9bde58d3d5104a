package org.coophive.solver.store;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the solver keeps its state.
 *
 * @param databaseUrl a JDBC URL ({@code SOLVER_DATABASE_URL}); empty starts an embedded
 *     PostgreSQL in {@code dataDir}
 * @param dataDir the solver's data folder ({@code SOLVER_DATA_DIR})
 */
@ConfigurationProperties("coophive.solver")
public record StoreProperties(String databaseUrl, @DefaultValue("./data/solver") Path dataDir) {

    public StoreProperties {
        databaseUrl = databaseUrl == null ? "" : databaseUrl.strip();
        dataDir = dataDir == null ? Path.of("./data/solver") : dataDir;
    }

    /** Where the embedded PostgreSQL keeps its files. */
    Path embeddedDatabaseDir() {
        return dataDir.resolve("postgres");
    }
}
