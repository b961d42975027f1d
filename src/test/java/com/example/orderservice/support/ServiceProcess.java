package com.example.orderservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The built WAR on a server this test starts and may kill: Payara Micro, or WildFly when the build
 * runs the tests there ({@code -Dtest.server=wildfly}, set by the wildfly profile).
 */
public interface ServiceProcess extends AutoCloseable {

  /** Starts the server of this test run and waits until the application answers. */
  static ServiceProcess start(String name, Map<String, String> extraEnv) {
    return "wildfly".equals(System.getProperty("test.server"))
        ? WildFlyProcess.start(name, extraEnv)
        : PayaraProcess.start(name, extraEnv);
  }

  String baseUri();

  /** {@code kill -9}: no shutdown hook, no clean-up, as in a crash. */
  void kill();

  @Override
  void close();

  /**
   * Waits (3 minutes at most) until the application of {@code server} on {@code baseUri} answers an
   * operator's list call: health answers before the application is deployed, the API does not.
   */
  static void awaitApi(Process server, String baseUri, String serverName) {
    awaitApi(server, baseUri, serverName, Duration.ofMinutes(3));
  }

  /** {@link #awaitApi(Process, String, String)} with a deadline of {@code within}. */
  static void awaitApi(Process server, String baseUri, String serverName, Duration within) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(baseUri + "/api/v1/orders/?limit=1"))
            .header("Authorization", "Bearer " + TestTokens.operator())
            .build();
    Awaitility.await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              if (!server.isAlive()) {
                throw new IllegalStateException(serverName + " exited; see its log in target/");
              }
              return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
  }

  /** Deletes {@code dir} and everything in it, if it exists. */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
