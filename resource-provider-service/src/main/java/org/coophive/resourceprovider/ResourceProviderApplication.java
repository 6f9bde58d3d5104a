package org.coophive.resourceprovider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Offers compute, agrees to deals on chain, runs the jobs and posts their results. */
@SpringBootApplication
public class ResourceProviderApplication {

    public static void main(String[] args) {
        SpringApplication.run(ResourceProviderApplication.class, args);
    }
}
