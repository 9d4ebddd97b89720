package io.siemflink.enrich;

import static io.siemflink.enrich.EventView.BACKEND_IP;
import static io.siemflink.enrich.EventView.CLIENT_IP;
import static io.siemflink.enrich.EventView.DESTINATION_IP;
import static io.siemflink.enrich.EventView.RELATED_IP;
import static io.siemflink.enrich.EventView.RELATED_USER;
import static io.siemflink.enrich.EventView.SERVER_IP;
import static io.siemflink.enrich.EventView.SOURCE_IP;
import static io.siemflink.enrich.EventView.USER_CHANGES_NAME;
import static io.siemflink.enrich.EventView.USER_EFFECTIVE_NAME;
import static io.siemflink.enrich.EventView.USER_NAME;
import static io.siemflink.enrich.EventView.USER_TARGET_NAME;

/**
 * {@code related.ip} and {@code related.user} from every address and user field the schema has, added to what
 * the parser wrote (distinct, parser's order first), so that one query on related.* finds an entity in any role.
 */
final class Related {
    private static final int[] IPS = {SOURCE_IP, DESTINATION_IP, CLIENT_IP, SERVER_IP, BACKEND_IP};
    private static final int[] USERS = {USER_NAME, USER_TARGET_NAME, USER_CHANGES_NAME, USER_EFFECTIVE_NAME};

    private Related() {
    }

    static void enrich(EventView v) {
        for (int s : IPS) {
            String ip = v.string(s);
            if (ip != null) {
                v.addDistinct(RELATED_IP, ip);
            }
        }
        for (int s : USERS) {
            String u = v.string(s);
            if (u != null && !u.isEmpty()) {
                v.addDistinct(RELATED_USER, u);
            }
        }
    }
}
