package io.siemflink.detect.window;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Windowed rules that read the same events about the same entity, served by one signal per event and one keyed
 * state per entity instead of one of each per rule. A VPC flow rejected from an external address feeds the
 * rejected-traffic burst, the vertical port scan and the horizontal host sweep of that address: grouped, the job
 * shuffles one signal and touches one state for it, not three.
 *
 * <p>The group's {@link #extractor} emits signals whose {@link Signal#rule} is the group's {@link #id}, keyed by
 * the shared entity, with {@link Signal#flags} saying which members the event counts for. The evaluator derives
 * from it each member's own signal ({@link Member#derive}; a member run alone makes its signals the same way) and
 * evaluates it in that member's window for its own key (a {@link GroupWindow} part): the members keep
 * their thresholds, windows, suppression and finding ids, and the findings equal those of the members run alone
 * (a test holds the two paths equal).
 *
 * @param family the log family the members read
 */
public record SignalGroup(String id, String family, SignalExtractor extractor, List<Member> members) {

    /**
     * One rule of a group.
     *
     * @param flag   the bit of {@link Signal#flags} that says a group signal counts for this rule
     * @param derive the rule's own signal from a group signal; its key names the rule's part of the group state,
     *               and must differ from the keys of the other members' signals of the same group signal
     */
    public record Member(String rule, int flag, UnaryOperator<Signal> derive) {
    }

    /** The flags of the members among {@code ruleIds}. */
    int mask(java.util.Collection<String> ruleIds) {
        int m = 0;
        for (Member x : members) {
            if (ruleIds.contains(x.rule())) {
                m |= x.flag();
            }
        }
        return m;
    }
}
