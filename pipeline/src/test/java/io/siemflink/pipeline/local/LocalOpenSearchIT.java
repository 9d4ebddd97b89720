package io.siemflink.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class LocalOpenSearchIT {
    @Test
    void startsAReachableNodeOnLoopback() throws Exception {
        LocalOpenSearch os = TestOpenSearch.get();
        assertThat(os.url().getHost()).isEqualTo("127.0.0.1");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(os.url().resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"number\" : \"" + LocalOpenSearch.VERSION + "\"");
        assertThat(os.isAlive()).isTrue();
        assertThat(LocalOpenSearch.attach(os.dataDir())).isPresent();
    }
}
