package org.coophive.jobcreator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
            System.exit(RunCommand.execute(
                    Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
        }
        String[] rest =
                args.length > 0 && args[0].equals("jobcreator") ? Arrays.copyOfRange(args, 1, args.length) : args;
        SpringApplication.run(JobCreatorApplication.class, daemonArguments(rest));
    }

    /** {@code --mediation-chance=N} is the seed's flag; Spring reads it as its property. */
    static String[] daemonArguments(String[] args) {
        List<String> translated = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--mediation-chance") && i + 1 < args.length) {
                translated.add("--coophive.jobcreator.mediation-chance=" + args[++i]);
            } else if (arg.startsWith("--mediation-chance=")) {
                translated.add(
                        "--coophive.jobcreator.mediation-chance=" + arg.substring("--mediation-chance=".length()));
            } else {
                translated.add(arg);
            }
        }
        return translated.toArray(String[]::new);
    }
}
