package io.siemflink.cli;

import io.siemflink.pipeline.local.LocalOpenSearch;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code siem opensearch start|stop|status}: the local OpenSearch on 127.0.0.1 (the embedded default). */
final class OpenSearchCommand {
    static final String HELP = """
            usage: siem opensearch start|stop|status [--port 9200] [--data DIR] [--heap 512m]

              start   starts OpenSearch %s on 127.0.0.1 (the distribution comes with the build) and prints its URL
              stop    stops the node this data folder's pid file names, and nothing else
              status  tells whether it runs, and where
            default data folder: .siem/opensearch/node (as root the node runs as uid 65534; when that user cannot
            reach the project folder, a folder under the system temp directory is used instead)
            """.formatted(LocalOpenSearch.VERSION);

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            err.print(HELP);
            return args.length == 0 ? 2 : 0;
        }
        String action = args[0];
        int port = 9200;
        Path home = Path.of(System.getProperty("siem.home", "."));
        Path data = LocalOpenSearch.defaultRoot(home).resolve("node");
        String heap = "512m";
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(ParseCommand.value(args, ++i, args[i - 1]));
                case "--data" -> data = Path.of(ParseCommand.value(args, ++i, args[i - 1]));
                case "--heap" -> heap = ParseCommand.value(args, ++i, args[i - 1]);
                default -> throw new UsageException("unknown option " + args[i] + "\n" + HELP);
            }
        }
        data = data.toAbsolutePath().normalize();
        switch (action) {
            case "start": {
                Optional<LocalOpenSearch> running = LocalOpenSearch.attach(data);
                if (running.isPresent()) {
                    out.println(running.get().url());
                    err.println("siem opensearch: already running (data " + data + ")");
                    return 0;
                }
                if (portInUse(port)) {
                    err.println("siem opensearch: port " + port + " on 127.0.0.1 is in use by another process; use --port");
                    return 1;
                }
                Path zip = home.resolve("pipeline/target/dist/opensearch.zip");
                err.println("siem opensearch: starting OpenSearch " + LocalOpenSearch.VERSION + " (data " + data + ") ...");
                makeTraversable(data);
                LocalOpenSearch node = LocalOpenSearch.start(zip, LocalOpenSearch.defaultRoot(home).resolve("install"), data, port, heap);
                out.println(node.url());
                err.println("siem opensearch: up; stop it with ./siem opensearch stop");
                return 0;
            }
            case "stop": {
                Optional<LocalOpenSearch> running = LocalOpenSearch.attach(data);
                if (running.isEmpty()) {
                    err.println("siem opensearch: not running (data " + data + ")");
                    return 0;
                }
                running.get().stop();
                err.println("siem opensearch: stopped");
                return 0;
            }
            case "status": {
                Optional<LocalOpenSearch> running = LocalOpenSearch.attach(data);
                if (running.isPresent()) {
                    out.println(running.get().url());
                    err.println("siem opensearch: running (data " + data + ")");
                    return 0;
                }
                err.println("siem opensearch: not running (data " + data + ")");
                return 3;
            }
            default:
                throw new UsageException("unknown action " + action + "\n" + HELP);
        }
    }

    /**
     * Started as root, the node runs as an unprivileged user that must be able to walk down to its data. Opens
     * only folders of our own ({@code .siem} and below, or the temp-directory root): never a user's home.
     */
    private static void makeTraversable(Path data) throws IOException {
        Files.createDirectories(data);
        for (Path p = data; p != null; p = p.getParent()) {
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            p.toFile().setExecutable(true, false);
            p.toFile().setReadable(true, false);
            if (name.equals(".siem") || name.startsWith("siemflink-opensearch-") || p.equals(data.getParent())) {
                break;
            }
        }
    }

    static boolean portInUse(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
