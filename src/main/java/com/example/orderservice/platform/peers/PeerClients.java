package com.example.orderservice.platform.peers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens the peers' HTTP clients with the service's connect timeout. */
@ApplicationScoped
public class PeerClients {

  @Inject
  @ConfigProperty(name = "PEER_CONNECT_TIMEOUT_MS", defaultValue = "2000")
  long connectTimeoutMillis;

  /** A client of the peer at {@code baseUrl} that waits at most the timeout for each read. */
  public PeerHttpClient open(String peer, String baseUrl, long readTimeoutMillis) {
    return new PeerHttpClient(
        peer,
        baseUrl,
        Duration.ofMillis(connectTimeoutMillis),
        Duration.ofMillis(readTimeoutMillis));
  }
}
