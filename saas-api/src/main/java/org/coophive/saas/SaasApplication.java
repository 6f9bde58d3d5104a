package org.coophive.saas;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.coophive.common.database.EmbeddedDatabase;
import org.coophive.saas.accounts.AccountService;
import org.coophive.saas.credits.CreditLedger;
import org.coophive.saas.credits.LedgerEntry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Lets web2 users run jobs without a wallet: accounts, API keys, credits, jobs, files and a web UI,
 * on top of the job creator daemon's API.
 *
 * <p>{@code grant-credits EMAIL AMOUNT [NOTE]} is the operator's command: it adds credits to an
 * account in the same database and exits.
 */
@SpringBootApplication
public class SaasApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("grant-credits")) {
            System.exit(grantCredits(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(SaasApplication.class, args);
    }

    static int grantCredits(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: saas-api grant-credits EMAIL AMOUNT [NOTE]");
            return 2;
        }
        long amount;
        try {
            amount = Long.parseLong(args[1]);
        } catch (NumberFormatException e) {
            System.err.println("AMOUNT must be a whole number of credits: " + args[1]);
            return 2;
        }
        String databaseUrl = System.getenv("SAAS_DATABASE_URL");
        if (databaseUrl == null || databaseUrl.isBlank()) {
            String dataDir = System.getenv().getOrDefault("SAAS_DATA_DIR", "./data/saas");
            try {
                if (EmbeddedDatabase.runningServer(Path.of(dataDir, "postgres")).isPresent()) {
                    System.err.println("saas-api is running on " + dataDir + " (its embedded database is in use):"
                            + " grant with POST /api/v1/admin/credits as an administrator, or stop saas-api first");
                    return 1;
                }
            } catch (IOException e) {
                System.err.println("cannot read " + dataDir + ": " + e.getMessage());
                return 1;
            }
        }
        SpringApplication app = new SpringApplication(SaasApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context = app.run(
                "--spring.main.banner-mode=off", "--logging.level.root=warn", "--coophive.saas.track-jobs=false")) {
            AccountService accounts = context.getBean(AccountService.class);
            var account = accounts.findByEmail(args[0]);
            if (account.isEmpty()) {
                System.err.println("no account with the e-mail address " + args[0]);
                return 1;
            }
            LedgerEntry entry = context.getBean(CreditLedger.class)
                    .grant(account.get().getId(), amount, args.length == 3 ? args[2] : "granted by an operator");
            System.out.println("granted " + amount + " credits to "
                    + account.get().getEmail() + "; balance " + entry.balanceAfter());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
