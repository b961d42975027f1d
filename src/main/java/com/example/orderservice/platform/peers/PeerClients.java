package com.example.orderservice.platform.peers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens the peers' HTTP clients from their settings and the service's connect timeout. */
@ApplicationScoped
public class PeerClients {

  @Inject Config config;

  @Inject
  @ConfigProperty(name = "PEER_CONNECT_TIMEOUT_MS", defaultValue = "2000")
  long connectTimeoutMillis;

  /**
   * A client of {@code peer} at the URL the setting {@code urlSetting} names, waiting for each read
   * at most the milliseconds of {@code timeoutSetting} (both in microprofile-config.properties).
   */
  public PeerHttpClient open(String peer, String urlSetting, String timeoutSetting) {
    return new PeerHttpClient(
        peer,
        config.getValue(urlSetting, String.class),
        Duration.ofMillis(connectTimeoutMillis),
        Duration.ofMillis(config.getValue(timeoutSetting, Long.class)));
  }
}
