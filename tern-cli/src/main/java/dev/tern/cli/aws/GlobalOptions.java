package dev.tern.cli.aws;

import picocli.CommandLine.Option;

/** The AWS CLI's global options, accepted before the service name and after the operation alike. */
final class GlobalOptions {
    /** The global options that take a value, so that they can be told apart from the service name. */
    static final java.util.Set<String> WITH_VALUE = java.util.Set.of("--endpoint-url", "--output", "--query",
            "--profile", "--region", "--color", "--ca-bundle", "--cli-read-timeout", "--cli-connect-timeout",
            "--cli-binary-format");

    @Option(names = "--debug", description = "Turn on debug logging.")
    boolean debug;

    @Option(names = "--endpoint-url", paramLabel = "<value>", description = "Override the command's default URL with "
            + "the given URL (default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's endpoint_url, "
            + "else the local Tern server, http://127.0.0.1:4566).")
    String endpointUrl;

    @Option(names = "--no-verify-ssl", description = "Do not verify TLS certificates.")
    boolean noVerifySsl;

    @Option(names = "--no-paginate", description = "Disable automatic pagination: one call, the first page.")
    boolean noPaginate;

    @Option(names = "--output", paramLabel = "<value>", description = "json | text | table | yaml | yaml-stream.")
    String output;

    @Option(names = "--query", paramLabel = "<value>", description = "A JMESPath query to filter the response data.")
    String query;

    @Option(names = "--profile", paramLabel = "<value>", description = "Use a specific profile from your "
            + "configuration files.")
    String profile;

    @Option(names = "--region", paramLabel = "<value>", description = "The Region to use. Overrides config/env "
            + "settings.")
    String region;

    @Option(names = "--version", description = "Display the version of this tool.")
    boolean version;

    @Option(names = "--color", paramLabel = "<value>", description = "on | off | auto: colour in table output.")
    String color;

    @Option(names = "--no-sign-request", description = "Do not sign requests; no credentials are loaded.")
    boolean noSignRequest;

    @Option(names = "--ca-bundle", paramLabel = "<value>", description = "The CA certificate bundle (PEM) to verify "
            + "TLS certificates with.")
    String caBundle;

    @Option(names = "--cli-read-timeout", paramLabel = "<value>", description = "Socket read timeout in seconds; "
            + "0 blocks (default 60).")
    Integer readTimeout;

    @Option(names = "--cli-connect-timeout", paramLabel = "<value>", description = "Socket connect timeout in "
            + "seconds; 0 blocks (default 60).")
    Integer connectTimeout;

    @Option(names = "--cli-binary-format", paramLabel = "<value>", description = "base64 | raw-in-base64-out: how "
            + "blob values typed on the command line are read.")
    String binaryFormat;

    @Option(names = "--no-cli-pager", description = "Disable the pager (tern never pages; accepted for "
            + "compatibility).")
    boolean noCliPager;

    @Option(names = "--cli-auto-prompt", description = "Prompt for the command's parameters.")
    boolean autoPrompt;

    @Option(names = "--no-cli-auto-prompt", description = "Do not prompt, even if configured to.")
    boolean noAutoPrompt;

    @Option(names = "--help", hidden = true, usageHelp = true)
    boolean help;
}
