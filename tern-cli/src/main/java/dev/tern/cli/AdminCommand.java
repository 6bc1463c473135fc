package dev.tern.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tern.account.AccountStore;
import dev.tern.catalog.Catalog;
import dev.tern.config.ConfigException;
import dev.tern.config.ConfigLoader;
import dev.tern.config.TernConfig;
import dev.tern.kms.RootKey;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tern admin}: work on a data directory's catalogue directly, whether a server runs on it or not. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Administer a Tern data directory.",
        subcommands = {AdminCommand.CreateAccount.class})
final class AdminCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * {@code tern admin create-account}: a new account with a new 12-digit id and one root access key. A server
     * running on the same catalogue accepts the key within a second or two (docs/iam.md, "Accounts").
     */
    @Command(name = "create-account", mixinStandardHelpOptions = true,
            description = "Add an account with a root access key, and print its id and keys.")
    static final class CreateAccount implements Callable<Integer> {
        @Option(names = "--alias", paramLabel = "A", description = "The account's alias (as Owner in DescribeImages).")
        String alias;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./tern-data",
                description = "The server's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--config", paramLabel = "FILE",
                description = "The server's YAML configuration (also: TERN_CONFIG): its catalogue and root key.")
        Path config;

        @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
                description = "text (one line per value) or json (default: ${DEFAULT-VALUE}).")
        String output;

        @Override
        public Integer call() {
            if (!output.equals("text") && !output.equals("json")) {
                System.err.println("tern: --output must be text or json, not " + output);
                return 2;
            }
            TernConfig cfg = TernConfig.empty();
            Path configDir = Path.of(".");
            Path file = config != null ? config : envConfig();
            if (file != null) {
                try {
                    cfg = ConfigLoader.load(file);
                } catch (ConfigException e) {
                    System.err.println("tern: " + e.getMessage());
                    return 2;
                }
                Path parent = file.toAbsolutePath().getParent();
                configDir = parent == null ? Path.of(".") : parent;
            }
            AccountStore.NewAccount made;
            try {
                // The server's root key, found as the server finds it: the new secret is sealed under it.
                RootKey rootKey = RootKey.load(System.getenv(RootKey.ENV), cfg.rootKey(), configDir, dataDir);
                try (Catalog catalog = Catalog.open(cfg.catalog(), dataDir)) {
                    rootKey.checkAgainst(catalog);
                    made = new AccountStore(catalog, rootKey, Clock.systemUTC()).createAccount(alias);
                }
            } catch (RuntimeException e) {
                System.err.println("tern: cannot create the account: " + e.getMessage());
                return 1;
            }
            if (output.equals("json")) {
                ObjectNode json = new ObjectMapper().createObjectNode();
                json.put("AccountId", made.accountId());
                json.put("Alias", made.alias());
                json.put("AccessKeyId", made.accessKeyId());
                json.put("SecretAccessKey", made.secretAccessKey());
                System.out.println(json.toPrettyString());
            } else {
                System.out.println("AccountId       " + made.accountId());
                if (made.alias() != null) {
                    System.out.println("Alias           " + made.alias());
                }
                System.out.println("AccessKeyId     " + made.accessKeyId());
                System.out.println("SecretAccessKey " + made.secretAccessKey());
            }
            return 0;
        }

        private static Path envConfig() {
            String env = System.getenv("TERN_CONFIG");
            return env == null || env.isBlank() ? null : Path.of(env);
        }
    }
}
