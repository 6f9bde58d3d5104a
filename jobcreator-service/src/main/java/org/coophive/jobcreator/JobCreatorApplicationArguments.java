package org.coophive.jobcreator;

import java.util.ArrayList;
import java.util.List;

/** The daemon's command line: the seed's {@code --mediation-chance N} becomes the Spring property. */
public final class JobCreatorApplicationArguments {

    private JobCreatorApplicationArguments() {}

    /** The arguments with {@code --mediation-chance} rewritten for Spring. */
    public static String[] translate(String... args) {
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
