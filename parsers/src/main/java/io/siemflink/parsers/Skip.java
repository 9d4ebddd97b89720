package io.siemflink.parsers;

/**
 * A record deliberately not turned into an event (a CloudTrail digest file, a CloudWatch CONTROL_MESSAGE, a
 * blank line): counted, never silent.
 */
public record Skip(LogType type, String reason, SourceRef source, long line) {
}
