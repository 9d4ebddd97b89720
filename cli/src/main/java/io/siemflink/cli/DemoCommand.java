package io.siemflink.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code siem demo}: parses the bucket-shaped sample in {@code test-data/bucket} and prints what came out.
 * The streaming job (Flink MiniCluster into a local OpenSearch) takes this command over when it lands.
 */
final class DemoCommand {
    private DemoCommand() {
    }

    static int run(String[] args, OutputStream stdout, PrintStream err) {
        Path root = Path.of(System.getProperty("siem.home", "."));
        Path bucket = root.resolve("test-data/bucket");
        if (args.length > 0 && !args[0].startsWith("-")) {
            bucket = Path.of(args[0]);
        }
        if (!Files.isDirectory(bucket)) {
            err.println("siem demo: no sample bucket at " + bucket);
            return 1;
        }
        Path outDir = root.resolve(".siem/demo");
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            err.println("siem demo: cannot create " + outDir + ": " + e.getMessage());
            return 1;
        }
        Path docs = outDir.resolve("documents.ndjson");
        Path dead = outDir.resolve("dead-letters.ndjson");
        err.println("siem demo: parsing " + bucket + " (a local copy of an S3 bucket in the AWS key layout)");
        int rc;
        try (OutputStream out = Files.newOutputStream(docs)) {
            rc = new ParseCommand().run(new String[] {"--dead-letter", dead.toString(), bucket.toString()}, out, err, System.in);
        } catch (IOException e) {
            err.println("siem demo: cannot write " + docs + ": " + e.getMessage());
            return 1;
        }
        err.println("documents:    " + docs);
        err.println("dead letters: " + dead);
        err.println("next: ./siem parse --help; the streaming job into OpenSearch replaces this demo (issue 3)");
        return rc;
    }
}
