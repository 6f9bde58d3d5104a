package org.coophive.solver.store;

import java.nio.file.Path;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;

/** The solver's store package and Boot's auto-configuration, without the chain or the web. */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackageClasses = OfferStore.class)
public class StoreOnlyApplication {

    /** Starts the stores on the embedded PostgreSQL of {@code dataDir}. */
    public static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(StoreOnlyApplication.class)
                .web(WebApplicationType.NONE)
                // An argument, not a default property: application.properties would override that.
                .run("--coophive.solver.data-dir=" + dataDir);
    }
}
