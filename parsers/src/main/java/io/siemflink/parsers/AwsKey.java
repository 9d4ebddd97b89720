package io.siemflink.parsers;

/**
 * What an S3 key in the layout AWS delivers logs in says about its records:
 * {@code [prefix/]AWSLogs/[o-org/]<account>/<Service>/<region>/YYYY/MM/DD/file}.
 *
 * @param type       the log type, or null when the layout names none (or names a file that holds no events)
 * @param skipReason non-null for files that are recognised but carry no events (CloudTrail digest files)
 */
public record AwsKey(LogType type, String account, String region, String skipReason) {
    static final AwsKey NONE = new AwsKey(null, null, null, null);

    public static AwsKey parse(String key) {
        if (key == null) {
            return NONE;
        }
        String[] parts = key.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].equals("AWSLogs")) {
                continue;
            }
            int j = i + 1;
            if (j < parts.length && parts[j].startsWith("o-")) {
                j++; // organisation trail: AWSLogs/o-xxxx/<account>/CloudTrail/...
            }
            if (j + 1 >= parts.length || !isAccount(parts[j])) {
                continue;
            }
            String account = parts[j];
            String service = parts[j + 1];
            String region = j + 2 < parts.length - 1 ? parts[j + 2] : null;
            switch (service) {
                case "CloudTrail":
                case "CloudTrail-Insight":
                    return new AwsKey(LogType.CLOUDTRAIL, account, region, null);
                case "CloudTrail-Digest":
                    return new AwsKey(LogType.CLOUDTRAIL, account, region, "cloudtrail digest file");
                case "vpcflowlogs":
                    return new AwsKey(LogType.VPCFLOW, account, region, null);
                case "elasticloadbalancing":
                    return new AwsKey(LogType.ELB, account, region, null);
                default:
                    return new AwsKey(null, account, region, null);
            }
        }
        // Digest files also announce themselves by name outside the standard layout.
        if (key.endsWith("_CloudTrail-Digest.json.gz") || key.contains("/CloudTrail-Digest/")) {
            return new AwsKey(LogType.CLOUDTRAIL, null, null, "cloudtrail digest file");
        }
        return NONE;
    }

    private static boolean isAccount(String s) {
        if (s.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
