package org.coophive.solver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Matches job offers with resource offers into deals, and stores deals, results and files. */
@SpringBootApplication
public class SolverApplication {

    public static void main(String[] args) {
        SpringApplication.run(SolverApplication.class, args);
    }
}
