package org.coophive.jobcreator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Posts job offers, agrees to deals on chain and accepts or checks their results. */
@SpringBootApplication
public class JobCreatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(JobCreatorApplication.class, args);
    }
}
