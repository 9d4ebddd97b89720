package org.apache.flink.metrics.prometheus;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Iterator;

/**
 * Flink's Prometheus reporter (names, labels and types exactly as {@link PrometheusReporter} exposes them), with the
 * HTTP endpoint bound to one address instead of every interface: Flink 1.19's reporter has no host option, and a
 * local cluster must listen on loopback only. In Flink's package because the collector registry it fills is
 * package-private; a change there fails our compile instead of a running cluster.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;
    private final InetSocketAddress address;

    public LoopbackPrometheusReporter(String host, Iterator<Integer> ports) {
        HTTPServer bound = null;
        InetSocketAddress boundAddress = null;
        IOException last = null;
        while (ports.hasNext() && bound == null) {
            int p = ports.next();
            try {
                HttpServer http = HttpServer.create(new InetSocketAddress(host, p), 3);
                bound = new HTTPServer(http, registry, true);
                boundAddress = http.getAddress();
            } catch (IOException e) {
                last = e; // port taken: try the next one of the range
            }
        }
        if (bound == null) {
            throw new RuntimeException("could not bind the Prometheus endpoint on " + host + " to any port of the range", last);
        }
        this.server = bound;
        this.address = boundAddress;
        log.info("Prometheus metrics on http://{}:{}/metrics", host, boundAddress.getPort());
    }

    /** The address the endpoint listens on. */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }
}
