package dev.tern.cli.aws;

import dev.tern.cli.host.Host;
import dev.tern.config.DemoData;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * Where and as whom a command connects, resolved as the AWS CLI resolves it: options first, then environment
 * variables, then the profile of the config and credentials files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
 * --profile, AWS_PROFILE). Tern's own defaults close the chain: with no endpoint configured anywhere, the local Tern
 * server; with no credentials and an endpoint on this machine, the demo account's; with no Region, us-east-1 for the
 * local server.
 */
final class CliConfig {
    static final String LOCAL_ENDPOINT = "http://127.0.0.1:4566";
    static final String LOCAL_REGION = "us-east-1";

    /** A configuration problem: the AWS CLI exits with 253 for these. */
    static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }

    /**
     * The environment variables this class reads for each command. The SDK reads any other AWS_ variable itself,
     * from its process's environment (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, ...).
     */
    private static final java.util.Set<String> READ_HERE = java.util.Set.of("AWS_ACCESS_KEY_ID", "AWS_CA_BUNDLE",
            "AWS_CLI_AUTO_PROMPT", "AWS_CONFIG_FILE", "AWS_DEFAULT_OUTPUT", "AWS_DEFAULT_PROFILE", "AWS_DEFAULT_REGION",
            "AWS_ENDPOINT_URL", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_PROFILE", "AWS_REGION",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SHARED_CREDENTIALS_FILE", "AWS_PAGER");

    private final GlobalOptions options;
    private final Host host;
    private final Map<String, String> env;
    private final String profileName;
    private final boolean profileExplicit;
    private ProfileFile files;

    CliConfig(GlobalOptions options, Host host) {
        this.options = options;
        this.host = host;
        this.env = host.env();
        String p = options.profile != null ? options.profile : env("AWS_PROFILE");
        if (p == null) {
            p = env("AWS_DEFAULT_PROFILE");
        }
        this.profileExplicit = p != null;
        this.profileName = p != null ? p : "default";
    }

    /**
     * The variables of an environment that the SDK reads on its own: AWS_ ones other than {@link #READ_HERE}, and
     * the proxies its HTTP client takes from the environment.
     */
    static Map<String, String> sdkOwn(Map<String, String> env) {
        Map<String, String> own = new java.util.TreeMap<>();
        env.forEach((k, v) -> {
            boolean aws = k.startsWith("AWS_") && !READ_HERE.contains(k) && !k.startsWith("AWS_ENDPOINT_URL_");
            if (aws || k.toLowerCase(Locale.ROOT).matches("(https?|no)_proxy")) {
                own.put(k, v);
            }
        });
        return own;
    }

    /** The caller's profile files, for the SDK's own settings of the profile (retry_mode, say). */
    ProfileFile profileFiles() {
        return files();
    }

    String profileName() {
        return profileName;
    }

    private String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The caller's credentials and config files, in the SDK's order (credentials first), those that exist. */
    private ProfileFile files() {
        if (files == null) {
            ProfileFile.Aggregator all = ProfileFile.aggregator();
            Path credentials = credentialsFile();
            Path config = configFile();
            if (Files.isRegularFile(credentials)) {
                all.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
            }
            if (Files.isRegularFile(config)) {
                all.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
            }
            files = all.build();
        }
        return files;
    }

    private Path configFile() {
        return host.path(env("AWS_CONFIG_FILE") != null ? env("AWS_CONFIG_FILE") : "~/.aws/config");
    }

    private Path credentialsFile() {
        return host.path(env("AWS_SHARED_CREDENTIALS_FILE") != null ? env("AWS_SHARED_CREDENTIALS_FILE")
                : "~/.aws/credentials");
    }

    /** The profile's settings; fails as the AWS CLI does when a named profile does not exist. */
    Optional<Profile> profile() {
        if (!profileExplicit && !configFilesExist()) {
            return Optional.empty();
        }
        Optional<Profile> profile = files().profile(profileName);
        if (profile.isEmpty() && profileExplicit) {
            throw new ConfigException("The config profile (" + profileName + ") could not be found");
        }
        return profile;
    }

    private boolean configFilesExist() {
        return Files.exists(configFile()) || Files.exists(credentialsFile());
    }

    private Optional<String> setting(String name) {
        return profile().flatMap(p -> p.property(name));
    }

    String output() {
        String o = options.output != null ? options.output : env("AWS_DEFAULT_OUTPUT");
        return o != null ? o : setting("output").orElse("json");
    }

    URI endpoint(Service service) {
        if (options.endpointUrl != null) {
            return uri(options.endpointUrl);
        }
        boolean ignore = "true".equalsIgnoreCase(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
                || setting("ignore_configured_endpoint_urls").map("true"::equalsIgnoreCase).orElse(false);
        if (!ignore) {
            String v = env("AWS_ENDPOINT_URL_" + service.endpointEnvSuffix);
            if (v == null) {
                v = env("AWS_ENDPOINT_URL");
            }
            if (v == null) {
                v = setting(ProfileProperty.ENDPOINT_URL).orElse(null);
            }
            if (v != null) {
                return uri(v);
            }
        }
        return URI.create(LOCAL_ENDPOINT);
    }

    private static URI uri(String s) {
        try {
            URI u = URI.create(s);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new ParamException("Bad value for --endpoint-url \"" + s + "\": scheme is missing.  "
                    + "Must be of the form http://<hostname>/ or https://<hostname>/");
        }
    }

    String region(URI endpoint) {
        String r = options.region;
        if (r == null) {
            r = env("AWS_REGION");
        }
        if (r == null) {
            r = env("AWS_DEFAULT_REGION");
        }
        if (r == null) {
            r = setting(ProfileProperty.REGION).orElse(null);
        }
        if (r == null && isLocal(endpoint)) {
            r = LOCAL_REGION;
        }
        if (r == null) {
            throw new ConfigException("You must specify a region. You can also configure your region by running "
                    + "\"aws configure\".");
        }
        return r;
    }

    AwsCredentialsProvider credentials(URI endpoint) {
        if (options.noSignRequest) {
            return AnonymousCredentialsProvider.create();
        }
        String key = env("AWS_ACCESS_KEY_ID");
        String secret = env("AWS_SECRET_ACCESS_KEY");
        if (key != null && secret != null && options.profile == null) {
            String token = env("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, token));
        }
        Optional<Profile> profile = profile();
        if (host.resident() && profile.isPresent()
                && profile.get().property(ProfileProperty.CREDENTIAL_PROCESS).isPresent()) {
            // The SDK runs the process with its own JVM's environment and directory, not the caller's.
            throw new Host.InProcessOnly(ProfileProperty.CREDENTIAL_PROCESS);
        }
        if (profile.isPresent() && hasCredentials(profile.get())) {
            return ProfileCredentialsProvider.builder().profileFile(files()).profileName(profileName).build();
        }
        if (isLocal(endpoint)) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(DemoData.ACCESS_KEY_ID, DemoData.SECRET_ACCESS_KEY));
        }
        throw new ConfigException("Unable to locate credentials. You can configure credentials by running "
                + "\"aws configure\".");
    }

    private static boolean hasCredentials(Profile p) {
        Map<String, String> props = p.properties();
        for (String k : new String[] {ProfileProperty.AWS_ACCESS_KEY_ID, ProfileProperty.ROLE_ARN,
                ProfileProperty.CREDENTIAL_PROCESS, ProfileProperty.SSO_START_URL, "sso_session",
                ProfileProperty.WEB_IDENTITY_TOKEN_FILE}) {
            if (props.containsKey(k)) {
                return true;
            }
        }
        return false;
    }

    Path caBundle() {
        String v = options.caBundle != null ? options.caBundle : env("AWS_CA_BUNDLE");
        if (v == null) {
            v = setting("ca_bundle").orElse(null);
        }
        return v == null ? null : host.path(v);
    }

    String binaryFormat() {
        if (options.binaryFormat != null) {
            return options.binaryFormat;
        }
        return setting("cli_binary_format").orElse("base64");
    }

    boolean autoPrompt() {
        if (options.noAutoPrompt) {
            return false;
        }
        if (options.autoPrompt) {
            return true;
        }
        String v = env("AWS_CLI_AUTO_PROMPT");
        if (v == null) {
            v = setting("cli_auto_prompt").orElse("off");
        }
        return v.toLowerCase(Locale.ROOT).startsWith("on");
    }

    /** Loopback endpoints are the local Tern server's, where the demo account's keys are the default. */
    static boolean isLocal(URI endpoint) {
        String host = endpoint.getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1"));
    }
}
