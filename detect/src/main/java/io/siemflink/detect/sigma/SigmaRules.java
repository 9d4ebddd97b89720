package io.siemflink.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a load produced: the rules that loaded and the ones that did not, each with its reason. */
public final class SigmaRules {
    /** A rule file that did not load. {@code id}/{@code title} are null when they could not be read. */
    public record Rejected(String source, String id, String title, String reason) {
    }

    private final List<SigmaRule> rules;
    private final List<Rejected> rejected;

    public SigmaRules(List<SigmaRule> rules, List<Rejected> rejected) {
        this.rules = List.copyOf(rules);
        this.rejected = List.copyOf(rejected);
    }

    public List<SigmaRule> rules() {
        return rules;
    }

    public List<Rejected> rejected() {
        return rejected;
    }

    /**
     * These rules plus {@code more}; a rule in {@code more} with the id of one here replaces it (a rules
     * directory overrides a shipped rule by reusing its id).
     */
    public SigmaRules plus(SigmaRules more) {
        Map<String, SigmaRule> byId = new LinkedHashMap<>();
        for (SigmaRule r : rules) {
            byId.put(r.id(), r);
        }
        for (SigmaRule r : more.rules) {
            byId.put(r.id(), r);
        }
        List<Rejected> rej = new ArrayList<>(rejected);
        rej.addAll(more.rejected);
        return new SigmaRules(new ArrayList<>(byId.values()), rej);
    }

    /** One line for logs: "57 rules loaded (cloudtrail 43, elb 13, vpcflow 1), 23 rejected". */
    public String summary() {
        Map<String, Integer> per = new LinkedHashMap<>();
        for (SigmaRule r : rules) {
            per.merge(r.family().id(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder().append(rules.size()).append(" Sigma rules loaded");
        if (!per.isEmpty()) {
            sb.append(" (");
            per.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(k).append(' ').append(v));
            sb.append(')');
        }
        return sb.append(", ").append(rejected.size()).append(" rejected").toString();
    }
}
