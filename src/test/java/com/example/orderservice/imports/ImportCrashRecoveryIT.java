package com.example.orderservice.imports;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.orderservice.support.ServiceProcess;
import com.example.orderservice.support.StandInPeers;
import com.example.orderservice.support.TestDatabase;
import com.example.orderservice.support.TestEnvironment;
import com.example.orderservice.support.TestTokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server is killed ({@code kill -9}) in the middle of an import; a new one resumes it at
 * start-up. Afterwards exactly the file's orders exist, each paid, none charged twice. On Payara
 * Micro, and on WildFly in the wildfly profile.
 */
@ExtendWith(TestEnvironment.class)
class ImportCrashRecoveryIT {

  private static final int ORDERS = 600;

  @Test
  void anImportInterruptedByAKilledServerResumesWithoutLossOrDoubles() {
    WireMockServer payment = TestEnvironment.peers().payment();
    String run = UUID.randomUUID().toString().substring(0, 8);
    long base = ThreadLocalRandom.current().nextLong(1_000_000, 900_000_000);
    StubMapping slow =
        payment.stubFor(
            StandInPeers.slowCompletedCharge(
                    "$[?(@.amount >= " + base + " && @.amount < " + (base + ORDERS) + ")]")
                .atPriority(1));
    StringBuilder csv =
        new StringBuilder(
            "order_ref,customer_email,customer_name,product_name,quantity,unit_price\n");
    for (int i = 0; i < ORDERS; i++) {
      csv.append(run)
          .append('-')
          .append(i)
          .append(",k")
          .append(i)
          .append('-')
          .append(run)
          .append("@example.com,K,Pen,1,")
          .append(base + i)
          .append('\n');
    }
    long importId;
    try {
      try (ServiceProcess first = ServiceProcess.start("crash-1", Map.of())) {
        importId =
            given()
                .baseUri(first.baseUri())
                .auth()
                .oauth2(TestTokens.operator())
                .contentType("text/csv")
                .body(csv.toString())
                .post("/api/v1/order-imports")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
        // Kill once some orders are paid: the file is saved, charging is half done.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> paidOrders(importId) >= 32);
        first.kill();
      }
      JsonPath interrupted = importOf(null, importId);
      assertThat(interrupted.getString("status")).isEqualTo("running");

      try (ServiceProcess second = ServiceProcess.start("crash-2", Map.of())) {
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> importOf(second, importId).getString("status").startsWith("completed"));
        JsonPath done = importOf(second, importId);
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getInt("processed_rows")).isEqualTo(ORDERS);
        assertThat(done.getInt("orders_created")).isEqualTo(ORDERS);
        assertThat(done.getInt("orders_paid")).isEqualTo(ORDERS);
      }
    } finally {
      payment.removeStub(slow);
    }
    Map<String, Set<String>> keysByOrder = chargedOrders(payment, base);
    assertThat(keysByOrder).hasSize(ORDERS);
    assertThat(keysByOrder.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));
  }

  /** Order id → the idempotency keys its charges carried. */
  private static Map<String, Set<String>> chargedOrders(WireMockServer payment, long base) {
    List<LoggedRequest> charges =
        payment.findAll(
            postRequestedFor(urlEqualTo("/api/v1/payments"))
                .withRequestBody(
                    matchingJsonPath(
                        "$[?(@.amount >= " + base + " && @.amount < " + (base + ORDERS) + ")]")));
    Map<String, Set<String>> byOrder = new HashMap<>();
    for (LoggedRequest charge : charges) {
      String order = JsonPath.from(charge.getBodyAsString()).getString("order_id");
      byOrder
          .computeIfAbsent(order, k -> new java.util.HashSet<>())
          .add(charge.getHeader("Idempotency-Key"));
    }
    return byOrder.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static long paidOrders(long importId) {
    return Long.parseLong(
        TestDatabase.queryFirst(
            "SELECT COUNT(*) FROM orders WHERE import_id = ? AND status = 'PAID'", importId));
  }

  /** The import as the server says, or (server down) straight from the database. */
  private static JsonPath importOf(ServiceProcess server, long id) {
    if (server != null) {
      return given()
          .baseUri(server.baseUri())
          .auth()
          .oauth2(TestTokens.operator())
          .get("/api/v1/order-imports/" + id)
          .then()
          .extract()
          .jsonPath();
    }
    return JsonPath.from(
        "{\"status\": \""
            + TestDatabase.queryFirst("SELECT status FROM order_imports WHERE id = ?", id)
            + "\"}");
  }
}
