package io.siemflink.enrich.intel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads every indicator file of a directory: {@code *.txt}, {@code *.csv}, {@code *.json} (STIX 2.1). */
final class IntelLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Size and modification time of each file: a change of either means a reload. */
    record Stamps(Map<String, String> files) {
    }

    /** A file that could not be used at all: the load keeps the previous index. */
    static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;

        LoadException(String msg, Throwable cause) {
            super(msg, cause);
        }
    }

    private IntelLoader() {
    }

    static boolean isIndicatorFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && !n.startsWith(".")
                && (n.endsWith(".txt") || n.endsWith(".csv") || n.endsWith(".json"));
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(IntelLoader::isIndicatorFile).sorted().toList();
        }
    }

    static Stamps stamps(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (Path f : files(dir)) {
            m.put(f.getFileName().toString(), Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis());
        }
        return new Stamps(m);
    }

    static LoadReport load(Path dir, long now) throws LoadException {
        LoadReport report = new LoadReport();
        List<Path> files;
        try {
            files = files(dir);
        } catch (IOException e) {
            throw new LoadException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            report.file(name);
            try {
                if (lower.endsWith(".json")) {
                    StixIndicators.read(name, JSON.readTree(f.toFile()), now, report);
                } else {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
                        lines.set(0, lines.get(0).substring(1)); // a byte order mark from Windows tools
                    }
                    if (lower.endsWith(".csv")) {
                        CsvIndicators.read(name, lines, report);
                    } else {
                        TextIndicators.read(name, lines, report);
                    }
                }
            } catch (JsonProcessingException e) {
                throw new LoadException(name + ": invalid JSON: " + e.getOriginalMessage() + " at line "
                        + e.getLocation().getLineNr(), e);
            } catch (CharacterCodingException e) {
                throw new LoadException(name + ": not UTF-8 text", e);
            } catch (IOException e) {
                throw new LoadException(name + ": cannot read: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new LoadException(e.getMessage(), e);
            }
        }
        return report;
    }
}
