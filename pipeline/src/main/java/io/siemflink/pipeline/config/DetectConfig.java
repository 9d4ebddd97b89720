package io.siemflink.pipeline.config;

import io.siemflink.detect.window.DetectionSettings;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Detection settings: on or off, which Sigma rules (the rules shipped in the jar, plus a directory's), and the
 * built-in rules' thresholds and windows ({@code detect.rule.<id>.threshold|window|enabled}).
 */
public record DetectConfig(boolean enabled, boolean sigma, String sigmaRules, DetectionSettings builtin)
        implements Serializable {

    public static DetectConfig defaults() {
        return new DetectConfig(true, true, null, DetectionSettings.defaults());
    }

    static DetectConfig from(Map<String, String> m) {
        boolean enabled = bool(m, "detect.enabled", true);
        boolean sigma = bool(m, "detect.sigma.enabled", true);
        String rules = m.get("detect.sigma.rules");
        if (rules != null && rules.isEmpty()) {
            rules = null;
        }
        if (rules != null && enabled && sigma && !Files.isDirectory(Path.of(rules))) {
            throw new ConfigException("detect.sigma.rules must be a directory of Sigma YAML rules, was " + rules);
        }
        Map<String, String> detect = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("detect.rule.") || k.equals("detect.out-of-orderness") || k.equals("detect.max-signals-per-entity")) {
                detect.put(k, v);
            }
        });
        try {
            return new DetectConfig(enabled, sigma, rules, DetectionSettings.fromProperties(detect));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static boolean bool(Map<String, String> m, String key, boolean def) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) {
            return def;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(key + " must be true or false, was " + v);
    }
}
