package com.example.orderservice.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.orderservice.support.LocalDatabase;
import com.example.orderservice.support.PayaraProcess;
import com.example.orderservice.support.TestEnvironment;
import com.example.orderservice.support.TestTokens;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9, finding 10: while PostgreSQL is down, calls answer 503 problem+json with Retry-After and
 * readiness is down; nothing of a refused create is left; when the database is back the service
 * serves again by itself. Runs its own database and server, so it can stop the database.
 */
@ExtendWith(TestEnvironment.class)
class DatabaseOutageIT {

  private static final String ORDER =
      """
      {"customer_email": "%s", "customer_name": "Ann",
       "items": [{"product_name": "Pen", "quantity": 1, "unit_price": 100}]}""";

  @Test
  void whileTheDatabaseIsDownCallsAre503AndTheServiceRecoversByItself() throws Exception {
    // Next to the build's own test database port, so the port overrides of a build move it too.
    int port = URI.create(System.getenv("DB_URL").substring("jdbc:".length())).getPort() + 100;
    Path data = Path.of("target/outage-db").toAbsolutePath();
    deleteRecursively(data);
    LocalDatabase database = LocalDatabase.start(port, data);
    String url = database.jdbcUrl();
    try (PayaraProcess server =
        PayaraProcess.start(
            "outage",
            Map.of(
                "DB_URL", url,
                "DB_USER", LocalDatabase.USER,
                "DB_PASSWORD", LocalDatabase.PASSWORD))) {
      String before = "before-" + UUID.randomUUID() + "@example.com";
      assertThat(create(server, before).statusCode()).isEqualTo(201);
      assertThat(ready(server)).isEqualTo(200);

      database.close();
      database = null;
      String during = "during-" + UUID.randomUUID() + "@example.com";
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertUnavailable(create(server, during)));
      assertUnavailable(get(server, "/api/v1/orders/?limit=5"));
      assertUnavailable(get(server, "/api/v1/order-imports"));
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> ready(server) == 503);

      database = LocalDatabase.start(port, data);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> ready(server) == 200);
      String after = "after-" + UUID.randomUUID() + "@example.com";
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> create(server, after).statusCode() == 201);
      assertThat(ordersOf(url, before)).isEqualTo(1);
      assertThat(ordersOf(url, during)).isZero();
      assertThat(ordersOf(url, after)).isEqualTo(1);
    } finally {
      if (database != null) {
        database.close();
      }
    }
  }

  private static void assertUnavailable(Response answer) {
    assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(503);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.header("Retry-After")).matches("\\d+");
    assertThat(answer.jsonPath().getInt("status")).isEqualTo(503);
    assertThat(answer.asString())
        .doesNotContain("Exception", "java.", "org.", "SQL", "127.0.0.1", "target/");
  }

  private static Response create(PayaraProcess server, String email) {
    return given()
        .baseUri(server.baseUri())
        .auth()
        .oauth2(TestTokens.operator())
        .contentType("application/json")
        .body(ORDER.formatted(email))
        .post("/api/v1/orders/");
  }

  private static Response get(PayaraProcess server, String path) {
    return given().baseUri(server.baseUri()).auth().oauth2(TestTokens.operator()).get(path);
  }

  private static int ready(PayaraProcess server) {
    return get(server, "/health/ready").statusCode();
  }

  private static long ordersOf(String url, String email) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(url, LocalDatabase.USER, LocalDatabase.PASSWORD);
        var query =
            connection.prepareStatement("SELECT COUNT(*) FROM orders WHERE customer_email = ?")) {
      query.setString(1, email);
      try (var rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
