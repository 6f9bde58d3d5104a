package org.coophive.jobcreator;

import java.util.Arrays;
import org.coophive.jobcreator.run.ProcessExit;
import org.coophive.jobcreator.run.RunCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Posts job offers, agrees to deals on chain and accepts or checks their results.
 *
 * <ul>
 *   <li>{@code run <module> -i K=V ...}: one job from the command line, without Spring;
 *   <li>no argument, or {@code jobcreator}: the daemon (REST API, on-chain job creator, the deals of
 *       this key).
 * </ul>
 */
@SpringBootApplication
public class JobCreatorApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run")) {
            ProcessExit.exit(RunCommand.execute(
                    Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
        }
        String[] rest =
                args.length > 0 && args[0].equals("jobcreator") ? Arrays.copyOfRange(args, 1, args.length) : args;
        SpringApplication.run(JobCreatorApplication.class, JobCreatorApplicationArguments.translate(rest));
    }
}
