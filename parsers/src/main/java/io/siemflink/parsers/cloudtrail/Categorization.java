package io.siemflink.parsers.cloudtrail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS {@code event.category} / {@code event.type} by CloudTrail event name. The table is Elastic's (same names,
 * same values) plus the rows marked "ours"; every other event name gets {@code event.type: [info]} only.
 */
final class Categorization {
    private Categorization() {
    }

    // eventName                         category        type
    private static final String TABLE = """
            AddUserToGroup                     iam             group,change
            AssumeRole                         authentication  info
            AttachGroupPolicy                  iam             group,change
            AttachUserPolicy                   iam             user,change
            ChangePassword                     iam             user,change
            ConsoleLogin                       authentication  info
            CreateAccessKey                    iam             user,change
            CreateBucket                       file            creation
            CreateGroup                        iam             group,creation
            CreateKeyPair                      iam             admin,creation
            CreateUser                         iam             user,creation
            CreateVirtualMFADevice             iam             user,change
            DeactivateMFADevice                iam             user,change
            DeleteAccessKey                    iam             user,change
            DeleteBucket                       file            deletion
            DeleteGroup                        iam             group,deletion
            DeleteGroupPolicy                  iam             group,change
            DeleteSSHPublicKey                 iam             user,change
            DeleteUser                         iam             user,deletion
            DeleteUserPermissionsBoundary      iam             user,change
            DeleteUserPolicy                   iam             user,change
            DeleteVirtualMFADevice             iam             user,change
            DetachGroupPolicy                  iam             group,change
            DetachUserPolicy                   iam             user,change
            EnableMFADevice                    iam             user,change
            GetGroup                           iam             group,info
            GetGroupPolicy                     iam             group,info
            GetUser                            iam             user,info
            GetUserPolicy                      iam             user,info
            ListAttachedGroupPolicies          iam             group,info
            ListAttachedUserPolicies           iam             user,info
            ListGroupPolicies                  iam             group,info
            ListGroups                         iam             group,info
            ListGroupsForUser                  iam             user,info
            ListUserPolicies                   iam             user,info
            ListUsers                          iam             user,info
            ListUserTags                       iam             user,info
            PutGroupPolicy                     iam             group,change
            PutUserPermissionsBoundary         iam             user,change
            PutUserPolicy                      iam             user,change
            RemoveUserFromGroup                iam             group,change
            SetDefaultPolicyVersion            iam             admin,change
            SetSecurityTokenServicePreferences iam             admin,change
            TagUser                            iam             user,change
            UntagUser                          iam             user,change
            UpdateAccessKey                    iam             user,change
            UpdateAccountPasswordPolicy        iam             admin,change
            UpdateGroup                        iam             group,change
            UpdateLoginProfile                 iam             user,change
            UpdateRole                         iam             admin,change
            UpdateSSHPublicKey                 iam             user,change
            UpdateUser                         iam             user,change
            AssumeRoleWithSAML                 authentication  info            ours
            AssumeRoleWithWebIdentity          authentication  info            ours
            GetFederationToken                 authentication  info            ours
            GetSessionToken                    authentication  info            ours
            CreateLoginProfile                 iam             user,change     ours
            DeleteLoginProfile                 iam             user,change     ours
            """;

    record Entry(List<String> category, List<String> type) {
    }

    private static final Map<String, Entry> BY_NAME = new HashMap<>();
    static final List<String> DEFAULT_TYPE = List.of("info");

    static {
        for (String line : TABLE.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 3) {
                BY_NAME.put(cols[0], new Entry(List.of(cols[1].split(",")), List.of(cols[2].split(","))));
            }
        }
    }

    static Entry of(String eventName) {
        return eventName == null ? null : BY_NAME.get(eventName);
    }

    /** A fresh mutable list per event: enrichers may append to it. */
    static List<Object> copy(List<String> values) {
        return new ArrayList<>(values);
    }
}
