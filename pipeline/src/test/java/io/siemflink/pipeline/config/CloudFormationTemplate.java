package io.siemflink.pipeline.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation template read as CloudFormation reads it: YAML short tags ({@code !Ref}, {@code !Sub}, ...) become
 * their long forms, and {@link #render} evaluates the intrinsic functions and conditions for given parameter values
 * (pseudo parameters: region eu-west-1, account 111122223333, partition aws). Enough of CloudFormation for the
 * functions our template uses; an unknown function or reference fails instead of passing through.
 */
final class CloudFormationTemplate {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "111122223333";
    private static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };
    private static final Set<String> FUNCTIONS = Set.of("Ref", "Condition", "Fn::Sub", "Fn::If", "Fn::Join", "Fn::Select",
            "Fn::Split", "Fn::GetAtt", "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or");

    final Map<String, Object> template;
    private final Map<String, Object> parameters = new HashMap<>();
    private final Map<String, Boolean> conditions = new HashMap<>();

    private CloudFormationTemplate(Map<String, Object> template) {
        this.template = template;
    }

    @SuppressWarnings("unchecked")
    static CloudFormationTemplate load(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        Yaml yaml = new Yaml(new ShortTags(options));
        try (Reader r = Files.newBufferedReader(file)) {
            return new CloudFormationTemplate((Map<String, Object>) yaml.load(r));
        }
    }

    /** The template with every intrinsic function evaluated for {@code given} parameter values (others: defaults). */
    @SuppressWarnings("unchecked")
    Map<String, Object> render(Map<String, String> given) {
        parameters.clear();
        conditions.clear();
        Map<String, Object> declared = (Map<String, Object>) template.get("Parameters");
        for (String g : given.keySet()) {
            if (!declared.containsKey(g)) {
                throw new IllegalArgumentException("no parameter " + g);
            }
        }
        declared.forEach((name, spec) -> {
            Map<String, Object> s = (Map<String, Object>) spec;
            String value = given.containsKey(name) ? given.get(name) : s.containsKey("Default") ? String.valueOf(s.get("Default")) : null;
            if (value == null) {
                throw new IllegalArgumentException("parameter " + name + " has no default and no value");
            }
            if (s.containsKey("AllowedValues") && !((List<Object>) s.get("AllowedValues")).stream().map(String::valueOf).toList()
                    .contains(value)) {
                throw new IllegalArgumentException(name + "=" + value + " is not an allowed value");
            }
            if (s.containsKey("AllowedPattern") && !value.matches((String) s.get("AllowedPattern"))) {
                throw new IllegalArgumentException(name + "=" + value + " does not match " + s.get("AllowedPattern"));
            }
            parameters.put(name, "CommaDelimitedList".equals(s.get("Type")) ? Arrays.asList(value.split(",", -1)) : value);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        for (String section : List.of("Resources", "Outputs")) {
            out.put(section, eval(template.get(section)));
        }
        return out;
    }

    boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known == null) {
            @SuppressWarnings("unchecked")
            Object spec = ((Map<String, Object>) template.get("Conditions")).get(name);
            if (spec == null) {
                throw new IllegalArgumentException("no condition " + name);
            }
            known = (Boolean) eval(spec);
            conditions.put(name, known);
        }
        return known;
    }

    @SuppressWarnings("unchecked")
    private Object eval(Object node) {
        if (node instanceof Map<?, ?> m) {
            if (m.size() == 1 && FUNCTIONS.contains((String) m.keySet().iterator().next())) {
                Map.Entry<String, Object> e = ((Map<String, Object>) m).entrySet().iterator().next();
                return function(e.getKey(), e.getValue());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> {
                Object x = eval(v);
                if (x != NO_VALUE) {
                    out.put(k, x);
                }
            });
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object v : l) {
                Object x = eval(v);
                if (x != NO_VALUE) {
                    out.add(x);
                }
            }
            return out;
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private Object function(String fn, Object arg) {
        switch (fn) {
            case "Ref":
                return ref((String) arg);
            case "Condition":
                return condition((String) arg);
            case "Fn::If": {
                List<Object> a = (List<Object>) arg;
                return condition((String) a.get(0)) ? eval(a.get(1)) : eval(a.get(2));
            }
            case "Fn::Equals": {
                List<Object> a = (List<Object>) arg;
                return String.valueOf(eval(a.get(0))).equals(String.valueOf(eval(a.get(1))));
            }
            case "Fn::Not":
                return !(Boolean) eval(((List<Object>) arg).get(0));
            case "Fn::And":
                return ((List<Object>) arg).stream().allMatch(c -> (Boolean) eval(c));
            case "Fn::Or":
                return ((List<Object>) arg).stream().anyMatch(c -> (Boolean) eval(c));
            case "Fn::Join": {
                List<Object> a = (List<Object>) arg;
                if (!(a.get(0) instanceof String)) {
                    throw new IllegalArgumentException("Fn::Join's delimiter must be a plain string");
                }
                return String.join((String) a.get(0), ((List<Object>) eval(a.get(1))).stream().map(String::valueOf).toList());
            }
            case "Fn::Select": {
                List<Object> a = (List<Object>) arg;
                return ((List<Object>) eval(a.get(1))).get(Integer.parseInt(String.valueOf(eval(a.get(0)))));
            }
            case "Fn::Split": {
                List<Object> a = (List<Object>) arg;
                return Arrays.asList(((String) eval(a.get(1))).split(Pattern.quote((String) a.get(0)), -1));
            }
            case "Fn::GetAtt": {
                List<Object> a = (List<Object>) arg;
                resource((String) a.get(0));
                return "arn:aws:getatt:" + a.get(0) + "." + a.get(1);
            }
            case "Fn::Sub": {
                String text;
                Map<String, Object> vars = new HashMap<>();
                if (arg instanceof List<?> l) {
                    text = (String) l.get(0);
                    ((Map<String, Object>) l.get(1)).forEach((k, v) -> vars.put(k, eval(v)));
                } else {
                    text = (String) arg;
                }
                Matcher m = Pattern.compile("\\$\\{([^}!][^}]*)}").matcher(text);
                StringBuilder sb = new StringBuilder();
                while (m.find()) {
                    String name = m.group(1);
                    Object v = vars.containsKey(name) ? vars.get(name)
                            : name.contains(".") && !name.startsWith("AWS::") ? function("Fn::GetAtt", List.of(name.split("\\.", 2)))
                            : ref(name);
                    if (!(v instanceof String)) {
                        throw new IllegalArgumentException("${" + name + "} in Fn::Sub is not a string: " + v);
                    }
                    m.appendReplacement(sb, Matcher.quoteReplacement((String) v));
                }
                m.appendTail(sb);
                return sb.toString();
            }
            default:
                throw new IllegalArgumentException("unsupported function " + fn);
        }
    }

    private Object ref(String name) {
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                if (parameters.containsKey(name)) {
                    return parameters.get(name);
                }
                resource(name);
                return "ref-" + name; // a resource's name or id, as CloudFormation would return it
        }
    }

    @SuppressWarnings("unchecked")
    private void resource(String name) {
        if (!((Map<String, Object>) template.get("Resources")).containsKey(name)) {
            throw new IllegalArgumentException("reference to unknown resource or parameter " + name);
        }
    }

    /** Visits every map under {@code node}, whatever the branches of conditions (the raw template). */
    static void walk(Object node, Consumer<Map<String, Object>> visitor) {
        if (node instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            visitor.accept(map);
            map.values().forEach(v -> walk(v, visitor));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> walk(v, visitor));
        }
    }

    /** CloudFormation's YAML short forms, read as their long forms. */
    private static final class ShortTags extends SafeConstructor {
        ShortTags(LoaderOptions options) {
            super(options);
            for (String fn : List.of("Ref", "Condition", "Sub", "If", "Join", "Select", "Split", "GetAtt", "Equals", "Not",
                    "And", "Or", "Base64", "FindInMap", "GetAZs", "ImportValue", "Cidr")) {
                String key = fn.equals("Ref") || fn.equals("Condition") ? fn : "Fn::" + fn;
                yamlConstructors.put(new Tag("!" + fn), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object v;
                        if (node instanceof ScalarNode s) {
                            v = constructScalar(s);
                            if (key.equals("Fn::GetAtt")) {
                                v = List.of(((String) v).split("\\.", 2));
                            }
                        } else if (node instanceof SequenceNode q) {
                            v = constructSequence(q);
                        } else {
                            v = constructMapping((MappingNode) node);
                        }
                        return Map.of(key, v);
                    }
                });
            }
        }
    }
}
