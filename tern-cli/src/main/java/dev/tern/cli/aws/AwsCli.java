package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tern.cli.host.Host;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * {@code tern SERVICE OPERATION [options]}: any operation of a service's model, with the AWS CLI's options, value
 * syntax, output and exit statuses (0 success, 252 usage, 253 configuration, 254 service error, 255 other,
 * 130 interrupted).
 */
public final class AwsCli {
    static final int OK = 0;
    static final int USAGE = 252;
    static final int CONFIG = 253;
    static final int SERVICE_ERROR = 254;
    static final int OTHER = 255;
    /**
     * Not an AWS CLI status: the resident process (docs/cli.md, "Start-up") answers it, having written nothing, for
     * a command only the calling process can run ({@link Host.InProcessOnly}); the launcher then runs it in-process.
     */
    public static final int IN_PROCESS_ONLY = dev.tern.cli.resident.ResidentClient.IN_PROCESS;

    private final PrintStream out;
    private final PrintStream err;
    private final Host host;
    private final ParamFiles files;

    public AwsCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this(out, err, Host.ofThisProcess(env));
    }

    public AwsCli(PrintStream out, PrintStream err, Host host) {
        this.out = out;
        this.err = err;
        this.host = host;
        this.files = new ParamFiles(host);
    }

    /**
     * The part of an environment the SDK reads itself rather than through a command's configuration: a caller's
     * command may run in another process (the resident) only when this part of the two environments is the same.
     */
    public static Map<String, String> sdkEnvironment(Map<String, String> env) {
        return CliConfig.sdkOwn(env);
    }

    /** Whether {@code tern ARGS} is a model command of this class (rather than {@code tern server}, say). */
    public static boolean handles(String[] args) {
        Split s = Split.of(args);
        if (s.service == null) {
            return false;
        }
        Service service = Service.byCommand(s.service);
        if (service == null) {
            return false;
        }
        // tern ebs upload-snapshot / download-snapshot are commands of their own.
        return !(service == Service.EBS && s.operation != null
                && (s.operation.equals("upload-snapshot") || s.operation.equals("download-snapshot")));
    }

    /** The arguments around the service and operation names: global options may come before them. */
    record Split(List<String> before, String service, String operation, List<String> after) {
        static Split of(String[] args) {
            List<String> before = new ArrayList<>();
            int i = 0;
            while (i < args.length && args[i].startsWith("-")) {
                before.add(args[i]);
                if (GlobalOptions.WITH_VALUE.contains(args[i]) && i + 1 < args.length) {
                    before.add(args[++i]);
                }
                i++;
            }
            String service = i < args.length ? args[i++] : null;
            String operation = i < args.length && !args[i].startsWith("-") ? args[i++] : null;
            List<String> after = new ArrayList<>();
            while (i < args.length) {
                after.add(args[i++]);
            }
            return new Split(before, service, operation, after);
        }
    }

    public int run(String[] args) {
        Split split = Split.of(args);
        Service service = Service.byCommand(split.service);
        if (split.operation == null || split.operation.equals("help")) {
            if (split.operation != null || split.after.contains("--help") || split.before.contains("--help")) {
                out.print(Help.service(service));
                return OK;
            }
            return usageError("the following arguments are required: operation");
        }
        if (split.operation.equals("wait")) {
            return new Waiters(this, service).run(split);
        }
        Operation op = Operation.find(service, split.operation);
        if (op == null) {
            return usageError("argument operation: Invalid choice, valid choices are:\n\n"
                    + String.join(" | ", Operation.all(service).keySet()) + "\n");
        }
        if ((!split.after.isEmpty() && split.after.get(split.after.size() - 1).equals("help"))
                || split.after.contains("--help") || split.before.contains("--help")) {
            out.print(Help.operation(op));
            return OK;
        }
        OperationArgs parsed = new OperationArgs(op);
        List<String> all = new ArrayList<>(split.before);
        all.addAll(split.after);
        try {
            CommandLine cl = new CommandLine(parsed.spec);
            cl.setOverwrittenOptionsAllowed(true);
            cl.parseArgs(all.toArray(String[]::new));
        } catch (CommandLine.UnmatchedArgumentException e) {
            return usage("Unknown options: " + String.join(", ", e.getUnmatched()));
        } catch (CommandLine.ParameterException e) {
            return usageError(e.getMessage());
        }
        return execute(parsed, service);
    }

    int execute(OperationArgs parsed, Service service) {
        GlobalOptions g = parsed.globals;
        Operation op = parsed.operation;
        if (g.version) {
            out.println(Help.version());
            return OK;
        }
        try {
            debug(g);
            CliConfig config = new CliConfig(g, host);
            String output = config.output();
            if (!List.of("json", "text", "table", "yaml", "yaml-stream").contains(output)) {
                return usageError("argument --output: Invalid choice, valid choices are:\n\njson | text | table | yaml"
                        + " | yaml-stream\n");
            }
            Query query = g.query == null ? null : Query.compile(g.query);
            String skeleton = parsed.value("--generate-cli-skeleton");
            if ("input".equals(skeleton)) {
                out.print(JsonOutput.write(Skeleton.input(op)) + "\n");
                return OK;
            }
            if ("yaml-input".equals(skeleton)) {
                out.print(YamlSkeleton.input(op));
                return OK;
            }
            if (skeleton != null && !"output".equals(skeleton)) {
                return usageError("argument --generate-cli-skeleton: Invalid choice, valid choices are:\n\n"
                        + "input | output | yaml-input\n");
            }
            boolean document = parsed.value("--cli-input-json") != null || parsed.value("--cli-input-yaml") != null;
            if (!document && !config.autoPrompt()) {
                List<String> missing = Required.missingOptions(parsed);
                if (!missing.isEmpty()) {
                    return usageError("the following arguments are required: " + String.join(", ", missing));
                }
            }
            if (config.autoPrompt() && host.resident() && host.terminal().stdin()) {
                throw new Host.InProcessOnly("--cli-auto-prompt");
            }
            ObjectNode input = input(parsed, config);
            if (config.autoPrompt()) {
                Prompt.missing(op, input, err);
            }
            Required.check(op, input);
            SdkPojo builder = ModelJson.read(op.newRequestBuilder(), input, "");
            Object request = ((Buildable) builder).build();
            if ("output".equals(skeleton)) {
                print(op, Skeleton.output(op), output, query, g);
                return OK;
            }
            URI endpoint = config.endpoint(service);
            try (SdkHttpClient http = ClientFactory.http(g, config.caBundle(), endpoint);
                 SdkClient client = ClientFactory.client(service, config, endpoint, http)) {
                boolean paginate = op.pages() && !g.noPaginate && !userPages(parsed, input);
                if (!paginate) {
                    MethodHandle call = op.call();
                    JsonNode response = ModelJson.write((SdkPojo) call.invoke(client, request));
                    print(op, response, output, query, g);
                } else {
                    paginated(op, parsed, client, input, output, query, g);
                }
            }
            return OK;
        } catch (Host.InProcessOnly e) {
            return IN_PROCESS_ONLY;
        } catch (ParamException e) {
            err.println();
            err.println(e.getMessage());
            return USAGE;
        } catch (Query.QueryException e) {
            err.println();
            err.println("Bad value for --query " + g.query + ": " + e.getMessage());
            return USAGE;
        } catch (CliConfig.ConfigException e) {
            err.println();
            err.println(e.getMessage());
            return CONFIG;
        } catch (AwsServiceException e) {
            err.println();
            err.println(serviceError(e, op.name));
            return SERVICE_ERROR;
        } catch (SdkClientException e) {
            err.println();
            err.println(clientError(e, parsed, service));
            return OTHER;
        } catch (Throwable e) {
            err.println();
            err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            return OTHER;
        }
    }

    static String serviceError(AwsServiceException e, String operation) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        if (code == null || code.isEmpty()) {
            code = String.valueOf(e.statusCode());
        }
        return "An error occurred (" + code + ") when calling the " + operation + " operation: "
                + (message == null || message.isEmpty() ? "Unknown" : message);
    }

    private String clientError(SdkClientException e, OperationArgs parsed, Service service) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException
                    || c instanceof java.net.NoRouteToHostException) {
                return "Could not connect to the endpoint URL: \"" + new CliConfig(parsed.globals, host)
                        .endpoint(service).toString().replaceAll("/?$", "/") + "\"";
            }
            if (c instanceof java.net.SocketTimeoutException) {
                return "Read timeout on endpoint URL: \"" + new CliConfig(parsed.globals, host).endpoint(service) + "\"";
            }
        }
        return e.getMessage();
    }

    /** The command line wins over --cli-input-json / --cli-input-yaml, member by member. */
    private ObjectNode input(OperationArgs parsed, CliConfig config) {
        String json = parsed.value("--cli-input-json");
        String yaml = parsed.value("--cli-input-yaml");
        if (json != null && yaml != null) {
            throw new ParamException("aws: error: Only one --cli-input- parameter may be specified.");
        }
        ObjectNode input = OperationArgs.JSON.createObjectNode();
        try {
            if (json != null) {
                JsonNode n = OperationArgs.JSON.readTree(files.text(json));
                if (!n.isObject()) {
                    throw new ParamException("Invalid JSON received for --cli-input-json: not an object");
                }
                input.setAll((ObjectNode) n);
            } else if (yaml != null) {
                JsonNode n = new YAMLMapper().readTree(files.text(yaml));
                if (n != null && n.isObject()) {
                    input.setAll((ObjectNode) n);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ParamException("Error parsing parameter '--cli-input-" + (json != null ? "json" : "yaml")
                    + "': Invalid " + (json != null ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
        }
        // Shorthand-shaped values in the document get the model's lists too.
        for (SdkField<?> f : parsed.fields) {
            if (input.has(MemberNames.of(f)) && !input.get(MemberNames.of(f)).isNull()) {
                input.set(MemberNames.of(f), OperationArgs.coerce(f, input.get(MemberNames.of(f))));
            }
        }
        input.setAll(parsed.typed(config.binaryFormat(), files));
        if (parsed.operation.pages()) {
            Integer pageSize = parsed.value("--page-size");
            if (pageSize != null) {
                String limit = member(parsed.fields, Pages.LIMIT_KEYS);
                if (limit != null) {
                    input.put(limit, pageSize);
                }
            }
            String starting = parsed.value("--starting-token");
            if (starting != null) {
                String token = member(parsed.fields, Pages.INPUT_TOKENS);
                Pages.Start start = Pages.decode(starting);
                if (token != null && start.token() != null) {
                    input.put(token, start.token());
                }
            }
        }
        return input;
    }

    static String member(List<SdkField<?>> fields, List<String> names) {
        for (SdkField<?> f : fields) {
            if (names.contains(MemberNames.of(f))) {
                return MemberNames.of(f);
            }
        }
        return null;
    }

    /** The AWS CLI pages only when the user has not asked for a page of their own (a token or a page limit). */
    private static boolean userPages(OperationArgs parsed, ObjectNode typed) {
        for (String name : Pages.INPUT_TOKENS) {
            if (typed.has(name) && parsed.value("--starting-token") == null) {
                return true;
            }
        }
        for (String name : Pages.LIMIT_KEYS) {
            if (typed.has(name) && parsed.value("--page-size") == null) {
                return true;
            }
        }
        return false;
    }

    private void paginated(Operation op, OperationArgs parsed, SdkClient client, ObjectNode input, String output,
                           Query query, GlobalOptions g) throws Throwable {
        Object request = ((Buildable) ModelJson.read(op.newRequestBuilder(), input, "")).build();
        Iterable<?> pages = (Iterable<?>) op.paginator().invoke(client, request);
        String inputToken = member(parsed.fields, Pages.INPUT_TOKENS);
        String starting = parsed.value("--starting-token");
        Pages.Start start = starting == null ? null : Pages.decode(starting);
        Pages merged = null;
        String pageToken = start == null ? null : start.token();
        boolean first = true;
        StringBuilder stream = new StringBuilder();
        for (Iterator<?> it = pages.iterator(); it.hasNext(); ) {
            ObjectNode page = ModelJson.write((SdkPojo) it.next());
            if (merged == null) {
                merged = new Pages(Pages.orderedKeys(page, op.resultKeys), parsed.value("--max-items"));
            }
            if (first && start != null && start.skip() > 0) {
                for (String key : op.resultKeys) {
                    JsonNode v = page.get(Names.upperFirst(key));
                    if (v instanceof ArrayNode a) {
                        for (int i = 0; i < start.skip() && !a.isEmpty(); i++) {
                            a.remove(0);
                        }
                    }
                }
            }
            if (output.equals("text")) {
                ObjectNode current = OperationArgs.JSON.createObjectNode();
                for (String key : Pages.orderedKeys(page, op.resultKeys)) {
                    current.set(key, page.has(key) ? page.get(key) : null);
                }
                stream.append(text(query == null ? current : query.search(current)));
            } else if (output.equals("yaml-stream")) {
                JsonNode shown = query == null ? page : query.search(page);
                stream.append(YamlOutput.write(OperationArgs.JSON.createArrayNode().add(shown)));
            }
            merged.add(page, pageToken, inputToken == null ? "NextToken" : inputToken);
            pageToken = Pages.outputToken(page);
            first = false;
            if (merged.done()) {
                break;
            }
        }
        if (output.equals("text")) {
            if (merged != null && merged.resumeToken() != null) {
                ObjectNode t = OperationArgs.JSON.createObjectNode();
                t.putObject("NextToken").put("NextToken", merged.resumeToken());
                stream.append(text(query == null ? t : query.search(t)));
            }
            write(stream.toString());
        } else if (output.equals("yaml-stream")) {
            write(stream.toString());
        } else {
            print(op, merged == null ? OperationArgs.JSON.createObjectNode() : merged.result(), output, query, g);
        }
    }

    private static String text(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        TextOutput.write(node, sb);
        return sb.toString();
    }

    void print(Operation op, JsonNode response, String output, Query query, GlobalOptions g) {
        JsonNode shown = query == null ? response : query.search(response);
        String text = switch (output) {
            case "text" -> text(shown);
            case "table" -> TableOutput.render(op.name, shown, host.terminal().width(), color(g));
            case "yaml" -> isEmptyObject(shown) ? "" : YamlOutput.write(shown);
            case "yaml-stream" -> isEmptyObject(shown) ? ""
                    : YamlOutput.write(OperationArgs.JSON.createArrayNode().add(shown));
            default -> isEmptyObject(shown) ? "" : JsonOutput.write(shown) + "\n";
        };
        write(text);
    }

    private boolean color(GlobalOptions g) {
        String c = g.color == null ? "auto" : g.color;
        return c.equals("on") || (c.equals("auto") && host.terminal().stdout());
    }

    private static boolean isEmptyObject(JsonNode n) {
        return n != null && n.isObject() && n.isEmpty();
    }

    void write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.flush();
    }

    /** A usage error as the AWS CLI prints it (argparse's form): {@code aws: error: MESSAGE} after the usage. */
    int usageError(String message) {
        return usage("tern: error: " + message);
    }

    /** The usage, then a line, between the blank lines the AWS CLI puts around them; exit status 252. */
    int usage(String line) {
        err.println();
        err.println("usage: tern [options] <command> <subcommand> [<subcommand> ...] [parameters]");
        err.println("To see help text, you can run:");
        err.println();
        err.println("  tern help");
        err.println("  tern <command> help");
        err.println("  tern <command> <subcommand> help");
        err.println();
        err.println(line);
        err.println();
        return USAGE;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Host host() {
        return host;
    }

    ParamFiles files() {
        return files;
    }

    /** --debug: the SDK's log on stderr. Only in-process: the log is the JVM's, not one command's. */
    void debug(GlobalOptions g) {
        if (g.debug) {
            if (host.resident()) {
                throw new Host.InProcessOnly("--debug");
            }
            Logging.debug(true);
        }
    }
}
