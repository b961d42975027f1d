package com.example.orderservice.devserver;

import static java.net.http.HttpResponse.BodyHandlers.discarding;

import com.example.orderservice.support.LocalDatabase;
import com.example.orderservice.support.StandInPeers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The run command ({@code mvn -Prun package}): starts what is not configured (an embedded
 * PostgreSQL, WireMock stand-ins for the peers, a token signing key), then the built WAR on Payara
 * Micro (or on WildFly: {@code mvn -Prun,wildfly package}), and stops all of it on Ctrl-C.
 */
public final class DevServer {

  private static final String DEV_WEBHOOK_SECRET = "dev-webhook-secret";

  private DevServer() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("project.dir", ".")).toAbsolutePath();
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    java.util.Deque<AutoCloseable> started = new java.util.ArrayDeque<>();

    if (blank(env.get("DB_URL"))) {
      int port = Integer.parseInt(env.getOrDefault("DEV_DB_PORT", "25432"));
      Path data = root.resolve(env.getOrDefault("DEV_DB_DIR", "target/dev-db"));
      LocalDatabase db = LocalDatabase.start(port, data);
      started.push(db);
      env.put("DB_URL", db.jdbcUrl());
      env.put("DB_USER", LocalDatabase.USER);
      env.put("DB_PASSWORD", LocalDatabase.PASSWORD);
      System.out.println("Embedded PostgreSQL: " + db.jdbcUrl() + " (data kept in " + data + ")");
    }
    if (blank(env.get("PAYMENT_SERVICE_URL")) || blank(env.get("NOTIFICATION_SERVICE_URL"))) {
      StandInPeers peers =
          StandInPeers.start(
              Integer.parseInt(env.getOrDefault("DEV_PAYMENT_PORT", "9001")),
              Integer.parseInt(env.getOrDefault("DEV_NOTIFICATION_PORT", "9002")),
              Boolean.parseBoolean(env.getOrDefault("DEV_PEERS_JOURNAL", "true")));
      started.push(peers);
      env.putIfAbsent("PAYMENT_SERVICE_URL", peers.payment().baseUrl());
      env.putIfAbsent("NOTIFICATION_SERVICE_URL", peers.notification().baseUrl());
    }
    if (blank(env.get("PAYMENT_WEBHOOK_SECRET"))) {
      env.put("PAYMENT_WEBHOOK_SECRET", DEV_WEBHOOK_SECRET);
    }
    Optional<DevTokens.Tokens> tokens = DevTokens.configure(root, env);
    String port = env.getOrDefault("PORT", "8080");
    if (Boolean.parseBoolean(env.getOrDefault("DEV_SERVICES_ONLY", "false"))) {
      // For scripts (bench/) that start and kill Payara Micro themselves.
      System.out.println("Services only; start the service with:");
      System.out.println("  DB_URL=" + env.get("DB_URL") + " DB_USER=" + env.get("DB_USER"));
      System.out.println("  PAYMENT_SERVICE_URL=" + env.get("PAYMENT_SERVICE_URL"));
      System.out.println("  NOTIFICATION_SERVICE_URL=" + env.get("NOTIFICATION_SERVICE_URL"));
      if (tokens.isPresent()) {
        System.out.println(
            "  MP_JWT_VERIFY_PUBLICKEY_LOCATION=" + env.get(DevTokens.LOCATION_VARIABLE));
        System.out.println("  MP_JWT_VERIFY_ISSUER=" + env.get(DevTokens.ISSUER_VARIABLE));
        System.out.println(
            "  STOREFRONT_TOKEN_FILE=" + tokens.get().folder().resolve("storefront.jwt"));
        System.out.println(
            "  OPERATOR_TOKEN_FILE=" + tokens.get().folder().resolve("operator.jwt"));
      }
      System.out.println("Dev services ready. Stop with Ctrl-C.");
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> started.forEach(DevServer::closeQuietly)));
      Thread.currentThread().join();
    }

    boolean wildfly = "wildfly".equals(System.getProperty("dev.server", "payara"));
    Process payara = wildfly ? DevWildFly.start(root, env, port) : startPayara(root, env, port);

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  payara.descendants().forEach(ProcessHandle::destroy);
                  payara.destroy();
                  try {
                    payara.waitFor();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  for (AutoCloseable resource : started) {
                    closeQuietly(resource);
                  }
                }));

    String base = "http://localhost:" + port;
    if (waitUntilReady(base, payara, Duration.ofMinutes(3))) {
      System.out.println();
      System.out.println(
          "Order Service ready: " + base + "/api/v1/orders/" + (wildfly ? " (WildFly)" : ""));
      if (wildfly) {
        System.out.println(
            "  Health, metrics:      " + DevWildFly.managementUrl(env) + "/health/ready, /metrics");
      }
      System.out.println("  Payment Service:      " + env.get("PAYMENT_SERVICE_URL"));
      System.out.println("  Notification Service: " + env.get("NOTIFICATION_SERVICE_URL"));
      System.out.println("  Webhook secret:       " + env.get("PAYMENT_WEBHOOK_SECRET"));
      tokens.ifPresentOrElse(
          t -> {
            System.out.println("  Bearer tokens, valid for a day (also in " + t.folder() + "):");
            System.out.println("    export STOREFRONT_TOKEN=" + t.storefront());
            System.out.println("    export OPERATOR_TOKEN=" + t.operator());
          },
          () -> System.out.println("  Bearer tokens:        from your identity provider"));
      System.out.println("  Stop with Ctrl-C.");
    } else {
      System.err.println("The Order Service did not become ready; see the log above.");
    }
    System.exit(payara.waitFor());
  }

  private static Process startPayara(Path root, Map<String, String> env, String port)
      throws java.io.IOException {
    Path runtime = root.resolve("target/runtime");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            runtime.resolve("payara-micro.jar").toString(),
            "--deploy",
            root.resolve("target/order-service.war").toString(),
            "--port",
            port,
            "--nohazelcast",
            "--addlibs",
            runtime.resolve("postgresql.jar").toString(),
            "--postbootcommandfile",
            root.resolve("src/main/payara/post-boot-commands.asadmin").toString());
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start();
  }

  private static boolean waitUntilReady(String base, Process payara, Duration limit) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    // The health endpoint answers before the application is deployed; the API does not.
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/orders/?limit=1")).build();
    try {
      Awaitility.await()
          .atMost(limit)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> !payara.isAlive() || answersFromTheApplication(http.send(ready, discarding())));
      return payara.isAlive();
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  // 401 is the application's answer to a call without a token: it is deployed.
  private static boolean answersFromTheApplication(HttpResponse<Void> response) {
    return response.statusCode() == 200 || response.statusCode() == 401;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      System.err.println("while stopping " + resource + ": " + e);
    }
  }
}
