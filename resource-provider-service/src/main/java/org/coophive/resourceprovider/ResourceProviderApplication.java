package org.coophive.resourceprovider;

import org.coophive.resourceprovider.config.CommandLineFlags;
import org.coophive.resourceprovider.config.InvalidConfigurationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Offers compute, agrees to deals on chain, runs the jobs and posts their results. Takes the
 * seed's flags ({@code --offer-gpu 1}, ...) besides the environment variables.
 */
@SpringBootApplication
public class ResourceProviderApplication {

    public static void main(String[] args) {
        String[] springArgs;
        try {
            springArgs = CommandLineFlags.toSpringArguments(args);
        } catch (InvalidConfigurationException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        SpringApplication.run(ResourceProviderApplication.class, springArgs);
    }
}
