package io.siemflink.detect.sigma;

import io.siemflink.detect.Severity;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A loaded Sigma rule: its metadata and its compiled condition. Immutable; safe to share between threads. */
public final class SigmaRule {
    private final String id;
    private final String title;
    private final String description;
    private final String status;
    private final Severity level;
    private final String author;
    private final String license;
    private final List<String> tags;
    private final List<String> techniques;
    private final List<String> tactics;
    private final List<String> references;
    private final List<String> falsePositives;
    private final Map<String, String> logsource;
    private final FieldMapping.Family family;
    private final String source;
    private final Condition condition;
    private final List<String> substringLiterals;
    /** Shared by every finding of the rule (findings are immutable once built). */
    final String[] techniqueArray;
    final String[] tacticArray;
    final String[] referenceArray;

    SigmaRule(String id, String title, String description, String status, Severity level, String author, String license,
              List<String> tags, List<String> techniques, List<String> tactics, List<String> references,
              List<String> falsePositives, Map<String, String> logsource, FieldMapping.Family family, String source,
              Condition condition, List<String> substringLiterals) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.status = status;
        this.level = level;
        this.author = author;
        this.license = license;
        this.tags = List.copyOf(tags);
        this.techniques = List.copyOf(techniques);
        this.tactics = List.copyOf(tactics);
        this.references = List.copyOf(references);
        this.falsePositives = List.copyOf(falsePositives);
        this.logsource = Map.copyOf(logsource);
        this.family = family;
        this.source = source;
        this.condition = condition;
        this.substringLiterals = List.copyOf(substringLiterals);
        this.techniqueArray = this.techniques.toArray(new String[0]);
        this.tacticArray = this.tactics.toArray(new String[0]);
        this.referenceArray = this.references.toArray(new String[0]);
    }

    /** Lower-cased literals of the rule's case-insensitive substring tests. */
    List<String> substringLiterals() {
        return substringLiterals;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** Sigma's status (stable, test, experimental, ...), or null. */
    public String status() {
        return status;
    }

    public Severity level() {
        return level;
    }

    public String author() {
        return author;
    }

    /** The rule's licence ({@code license:} in the rule, else the rule set's, e.g. DRL-1.1), or null. */
    public String license() {
        return license;
    }

    public List<String> tags() {
        return tags;
    }

    /** ATT&CK technique ids from the tags: {@code attack.t1110.001} -> {@code T1110.001}. */
    public List<String> techniques() {
        return techniques;
    }

    /** ATT&CK tactic names from the tags: {@code attack.credential-access} -> {@code credential-access}. */
    public List<String> tactics() {
        return tactics;
    }

    public List<String> references() {
        return references;
    }

    public List<String> falsePositives() {
        return falsePositives;
    }

    /** product / category / service as written in the rule (lower-cased). */
    public Map<String, String> logsource() {
        return logsource;
    }

    public LogType family() {
        return family.type();
    }

    FieldMapping.Family familyMapping() {
        return family;
    }

    /** Where the rule was read from (file path or classpath resource). */
    public String source() {
        return source;
    }

    /** Whether the event satisfies the rule's condition; events of other families never do. */
    public boolean matches(Event event) {
        return event.type() == family.type() && condition.eval(new EvalContext(event));
    }

    boolean matches(EvalContext ctx) {
        return condition.eval(ctx);
    }

    /** Values the field must have (lower-cased) for the rule to match, or null; for the engine's index. */
    Set<String> pins(Field f) {
        return condition.pins(f);
    }

    @Override
    public String toString() {
        return "SigmaRule[" + id + " " + title + " (" + family.type().id() + ")]";
    }
}
