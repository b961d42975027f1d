package com.example.orderservice.platform.peers;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens the peers' HTTP clients, all on one pool of the server's managed threads. */
@ApplicationScoped
public class PeerClients {

  @Resource ManagedThreadFactory threads;

  @Inject
  @ConfigProperty(name = "PEER_CONNECT_TIMEOUT_MS", defaultValue = "2000")
  long connectTimeoutMillis;

  private ExecutorService executor;

  /** A client of the peer at {@code baseUrl} whose every answer must come within the timeout. */
  public synchronized PeerHttpClient open(String peer, String baseUrl, long readTimeoutMillis) {
    if (executor == null) {
      // Threads made once by the managed factory: a managed executor would capture the
      // application's context again for each of the many small tasks of every exchange.
      executor = Executors.newCachedThreadPool(threads);
    }
    return new PeerHttpClient(
        peer,
        baseUrl,
        Duration.ofMillis(connectTimeoutMillis),
        Duration.ofMillis(readTimeoutMillis),
        executor);
  }

  @PreDestroy
  synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
