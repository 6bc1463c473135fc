package dev.tern.cli.aws;

import dev.tern.cli.host.Host;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where and as whom a hand-written command connects ({@code tern ebs upload-snapshot}, say), by the same rules as
 * the model commands: options, environment, profile, then the local Tern server and the demo account.
 */
public record Connection(URI endpoint, String region, AwsCredentialsProvider credentials) {
    /** Thrown for what the AWS CLI calls a configuration error (exit status 253). */
    public static final class Problem extends RuntimeException {
        Problem(String message) {
            super(message);
        }
    }

    public static Connection resolve(String service, URI endpointUrl, String region, String profile,
                                     Map<String, String> env) {
        GlobalOptions g = new GlobalOptions();
        g.endpointUrl = endpointUrl == null ? null : endpointUrl.toString();
        g.region = region;
        g.profile = profile;
        try {
            CliConfig config = new CliConfig(g, Host.ofThisProcess(env));
            URI endpoint = config.endpoint(Service.byCommand(service));
            return new Connection(endpoint, config.region(endpoint), config.credentials(endpoint));
        } catch (CliConfig.ConfigException e) {
            throw new Problem(e.getMessage());
        }
    }
}
