package com.example.orderservice.support;

import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts, once per test run, what the deployed service talks to: the embedded PostgreSQL (unless
 * the build was given a DB_URL) and the WireMock peers, on the loopback addresses the build hands
 * to Payara Micro as environment variables. Registered before Arquillian, so both are up before the
 * server starts; closed when the run ends.
 */
public class TestEnvironment implements BeforeAllCallback {

  private static volatile Resources resources;

  /** The running stand-in peers. */
  public static StandInPeers peers() {
    if (resources == null) {
      throw new IllegalStateException("TestEnvironment has not started");
    }
    return resources.peers();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Resources.class, key -> start(), Resources.class);
  }

  private static Resources start() {
    LocalDatabase database = null;
    if (Boolean.parseBoolean(System.getProperty("test.db.embedded", "true"))) {
      URI url = URI.create(System.getenv("DB_URL").substring("jdbc:".length()));
      database = LocalDatabase.start(url.getPort(), null);
    }
    StandInPeers peers =
        StandInPeers.start(
            URI.create(System.getenv("PAYMENT_SERVICE_URL")).getPort(),
            URI.create(System.getenv("NOTIFICATION_SERVICE_URL")).getPort());
    resources = new Resources(database, peers);
    return resources;
  }

  /** What one test run started; JUnit closes it when the run ends. */
  record Resources(LocalDatabase database, StandInPeers peers) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      peers.close();
      if (database != null) {
        database.close();
      }
    }
  }
}
