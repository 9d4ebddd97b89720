package io.siemflink.cli;

import io.siemflink.dashboards.DefinitionLoader;
import io.siemflink.dashboards.SavedObjects;
import io.siemflink.dashboards.SavedObjectsImporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code siem dashboards export|import}: the OpenSearch Dashboards saved objects (dashboards/README.md). */
final class DashboardsCommand {
    static final String HELP = """
            usage: siem dashboards export FILE
                   siem dashboards import --url URL [--tenant T] [--user U --password-env VAR] [--ca-cert PEM]
                                          [--allow-insecure-http] [--file FILE]
              export  writes the saved objects (index patterns, visualizations, searches, dashboards) as NDJSON
                      to FILE ('-' for stdout)
              import  imports them into OpenSearch Dashboards through the saved-objects import API (overwriting
                      objects of the same id) and prints what was created or updated. --url is the Dashboards
                      base URL (e.g. http://localhost:5601, or https://DOMAIN/_dashboards on Amazon OpenSearch
                      Service); --tenant selects a security-plugin tenant (global, private or a name); the password
                      is read from the environment variable named by --password-env; --file imports that NDJSON
                      instead of the generated objects.
            """;

    private DashboardsCommand() {
    }

    static int run(String[] args, OutputStream out, PrintStream outText, PrintStream err, Map<String, String> env)
            throws IOException, InterruptedException {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            err.print(HELP);
            return args.length == 0 ? 2 : 0;
        }
        return switch (args[0]) {
            case "export" -> export(args, out, err);
            case "import" -> importObjects(args, outText, err, env);
            default -> throw new UsageException("unknown subcommand '" + args[0] + "'\n" + HELP);
        };
    }

    private static int export(String[] args, OutputStream out, PrintStream err) throws IOException {
        if (args.length != 2) {
            throw new UsageException("export needs exactly one FILE ('-' for stdout)\n" + HELP);
        }
        byte[] ndjson = SavedObjects.ndjsonBytes(DefinitionLoader.load());
        if (args[1].equals("-")) {
            out.write(ndjson);
            out.flush();
        } else {
            Path file = Path.of(args[1]);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, ndjson);
            err.println("siem dashboards: wrote " + SavedObjects.generate(DefinitionLoader.load()).size()
                    + " saved objects to " + file);
        }
        return 0;
    }

    private static int importObjects(String[] args, PrintStream out, PrintStream err, Map<String, String> env)
            throws IOException, InterruptedException {
        String url = null;
        String tenant = null;
        String user = null;
        String passwordEnv = null;
        Path ca = null;
        Path file = null;
        boolean insecure = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = ParseCommand.value(args, ++i, "--url");
                case "--tenant" -> tenant = ParseCommand.value(args, ++i, "--tenant");
                case "--user" -> user = ParseCommand.value(args, ++i, "--user");
                case "--password-env" -> passwordEnv = ParseCommand.value(args, ++i, "--password-env");
                case "--ca-cert" -> ca = Path.of(ParseCommand.value(args, ++i, "--ca-cert"));
                case "--file" -> file = Path.of(ParseCommand.value(args, ++i, "--file"));
                case "--allow-insecure-http" -> insecure = true;
                default -> throw new UsageException("unknown option " + args[i] + "\n" + HELP);
            }
        }
        if (url == null) {
            throw new UsageException("import needs --url\n" + HELP);
        }
        String password = null;
        if (passwordEnv != null) {
            password = env.get(passwordEnv);
            if (password == null) {
                throw new UsageException("--password-env " + passwordEnv + ": that environment variable is not set");
            }
        }
        SavedObjectsImporter.Options options;
        try {
            options = new SavedObjectsImporter.Options(URI.create(url), tenant, user, password, ca, insecure, null);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        byte[] ndjson = file == null ? SavedObjects.ndjsonBytes(DefinitionLoader.load()) : Files.readAllBytes(file);
        String name = file == null ? "siemflink-dashboards.ndjson" : file.getFileName().toString();
        SavedObjectsImporter.Result r;
        try {
            r = new SavedObjectsImporter(options).importNdjson(ndjson, name);
        } catch (IOException e) {
            err.println("siem dashboards import: " + url + ": " + e.getMessage());
            return 1;
        }
        r.created().forEach(i -> out.println("created " + i.line()));
        r.updated().forEach(i -> out.println("updated " + i.line()));
        r.errors().forEach(e -> err.println("error   " + e));
        out.println("imported into " + url + (tenant == null ? "" : " (tenant " + tenant + ")") + ": "
                + r.created().size() + " created, " + r.updated().size() + " updated, " + r.errors().size() + " errors");
        return r.ok() ? 0 : 1;
    }
}
