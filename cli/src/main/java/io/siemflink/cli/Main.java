package io.siemflink.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;

/** Entry point of {@code ./siem}: dispatches to a subcommand. */
public final class Main {
    private Main() {
    }

    static final String USAGE = """
            usage: siem <command> [options]

            commands:
              parse       parse AWS log files (plain or gzip), a bucket-shaped directory or stdin into NDJSON documents
              detect      parse and run every detection over files or a bucket-shaped directory; findings as NDJSON
              demo        the job on the embedded default: local OpenSearch + Flink MiniCluster over test-data/bucket
              run         the streaming job (S3, SQS, Kinesis or a local directory into OpenSearch)
              opensearch  start|stop|status the local OpenSearch
              cluster     start|stop|status|cancel a local Flink cluster (JobManager + TaskManager on 127.0.0.1)
              flink       Flink's own CLI (run, list, cancel, savepoint) against that cluster
              setup       install the index templates into an OpenSearch
              dashboards  export|import the OpenSearch Dashboards saved objects
              gen         write generated sample logs (for benchmarks and large-file checks)
              bench       run the parser benchmarks and print events/s per core
              help        this text

            run 'siem <command> --help' for a command's options.
            """;

    public static void main(String[] args) {
        // Unbuffered descriptors: commands buffer themselves, and NDJSON output is large.
        System.exit(run(args, new FileOutputStream(FileDescriptor.out), System.err, System.in));
    }

    static int run(String[] args, OutputStream out, PrintStream err, InputStream in) {
        PrintStream outText = new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "parse":
                    return new ParseCommand().run(rest, out, err, in);
                case "detect":
                    return new DetectCommand().run(rest, out, err, in);
                case "demo":
                    return DemoCommand.run(rest, outText, err);
                case "run":
                    return RunCommand.run(rest, err);
                case "opensearch":
                    return OpenSearchCommand.run(rest, outText, err);
                case "cluster":
                    return ClusterCommand.run(rest, outText, err);
                case "flink":
                    return ClusterCommand.flink(rest, out, err);
                case "setup":
                    return Setup.run(rest, outText, err);
                case "dashboards":
                    return DashboardsCommand.run(rest, out, outText, err, System.getenv());
                case "help":
                case "--help":
                case "-h":
                    err.print(USAGE);
                    return 0;
                default:
                    err.println("siem: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    return 2;
            }
        } catch (UsageException e) {
            err.println("siem " + args[0] + ": " + e.getMessage());
            return 2;
        } catch (io.siemflink.pipeline.config.ConfigException e) {
            err.println("siem " + args[0] + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("siem " + args[0] + ": " + e);
            return 1;
        }
    }
}
