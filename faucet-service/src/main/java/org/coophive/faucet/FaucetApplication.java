package org.coophive.faucet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Test ether and tokens for any address, with limits. The faucet's key lives in this process only. */
@SpringBootApplication
public class FaucetApplication {

    public static void main(String[] args) {
        SpringApplication.run(FaucetApplication.class, args);
    }
}
