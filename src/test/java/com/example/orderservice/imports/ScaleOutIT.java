package com.example.orderservice.imports;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.orderservice.support.PayaraProcess;
import com.example.orderservice.support.StandInPeers;
import com.example.orderservice.support.TestDatabase;
import com.example.orderservice.support.TestEnvironment;
import com.example.orderservice.support.TestTokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several copies of the service on one PostgreSQL, each started from a folder of its own (as on
 * hosts of their own), with a slow (1 s) Payment Service: an import's orders are charged by every
 * live instance; an owner killed with {@code kill -9} mid-charge or right after its 202, or stopped
 * gracefully, has its import finished by another; an instance that starts takes over no import
 * whose owner is alive. Afterwards each import made exactly its orders, each charged under one key
 * and mailed under one key.
 */
@ExtendWith(TestEnvironment.class)
class ScaleOutIT {

  /**
   * Short leases and heartbeats, so that a dead instance's work comes back within seconds; a page
   * of charges (3 × 1 s) well inside its lease even on a loaded host, and a charge timeout well
   * above the peer's 1 s.
   */
  private static final Map<String, String> FAST_CLAIMS =
      Map.of(
          "IMPORT_LEASE_SECONDS", "4",
          "IMPORT_HEARTBEAT_SECONDS", "1",
          "IMPORT_CHARGE_PAGE", "3",
          "IMPORT_CHARGE_LEASE_SECONDS", "15",
          "IMPORT_CHARGE_POLL_MS", "300",
          "IMPORT_PAYMENT_PARALLELISM", "8",
          "PAYMENT_TIMEOUT_MS", "10000",
          "OUTBOX_LEASE_MS", "5000");

  private static final int CHARGE_MILLIS = 1000;

  private final List<PayaraProcess> servers = new ArrayList<>();
  private final List<CompletableFuture<PayaraProcess>> starting = new ArrayList<>();
  private final List<StubMapping> stubs = new ArrayList<>();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private long nextAmount = ThreadLocalRandom.current().nextLong(1_000_000, 900_000_000);

  @AfterEach
  void tearDown() {
    // A server still starting when the test failed would outlive the run otherwise.
    starting.forEach(f -> f.handle((server, failure) -> server).join());
    servers.forEach(PayaraProcess::close);
    stubs.forEach(TestEnvironment.peers().payment()::removeStub);
  }

  @Test
  void importsOfKilledOrStoppedOwnersAreFinishedByTheOtherInstanceWithoutLossOrDoubles() {
    CompletableFuture<PayaraProcess> startingB = startAsync("scale-b", "orders-b");
    PayaraProcess a = start("scale-a", "orders-a");
    PayaraProcess b = startingB.join();

    // Creates on both.
    for (PayaraProcess server : List.of(a, b)) {
      assertThat(createOrder(server)).isEqualTo("paid");
    }

    // 1. A's import is charged by both; A is killed mid-charge and B finishes it.
    Batch first = batch(240, "first");
    long firstId = upload(a, first);
    assertThat(importOf(b, firstId).getString("owner")).isEqualTo("orders-a");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> chargers(firstId).containsAll(Set.of("orders-a", "orders-b")));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> importOf(b, firstId).getInt("orders_paid") >= 40);
    a.kill();
    CompletableFuture<PayaraProcess> startingA2 = startAsync("scale-a2", "orders-a2");
    awaitCompleted(b, firstId, first);
    assertThat(importOf(b, firstId).getString("owner")).isEqualTo("orders-b");

    // 2. B is killed right after the 202 of its import; A2 takes it over and finishes it.
    PayaraProcess a2 = startingA2.join();
    Batch second = batch(60, "second");
    long secondId = upload(b, second);
    b.kill();
    CompletableFuture<PayaraProcess> startingB2 = startAsync("scale-b2", "orders-b2");
    awaitCompleted(a2, secondId, second);
    assertThat(importOf(a2, secondId).getString("owner")).isEqualTo("orders-a2");

    // 3. Graceful restarts: of the instance that only helps, then of the owner.
    PayaraProcess b2 = startingB2.join();
    Batch third = batch(600, "third");
    long thirdId = upload(a2, third);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> chargers(thirdId).contains("orders-b2"));
    b2.stop();
    PayaraProcess b3 = start("scale-b3", "orders-b3");
    // A starting instance never takes over the import of a live owner.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> "orders-a2".equals(importOf(b3, thirdId).getString("owner")));
    assertThat(importOf(b3, thirdId).getString("status")).isEqualTo("running");
    a2.stop();
    awaitCompleted(b3, thirdId, third);
    assertThat(importOf(b3, thirdId).getString("owner")).isEqualTo("orders-b3");
    assertThat(outboxClaimers(b3)).isNotEmpty();
  }

  /** The orders of one import: amounts in a range of their own, which the slow stub matches. */
  private record Batch(String csv, int orders, long firstAmount) {
    String amountFilter() {
      return "$[?(@.amount >= " + firstAmount + " && @.amount < " + (firstAmount + orders) + ")]";
    }
  }

  private Batch batch(int orders, String name) {
    long first = nextAmount;
    nextAmount += orders;
    StringBuilder csv =
        new StringBuilder(
            "order_ref,customer_email,customer_name,product_name,quantity,unit_price\n");
    for (int i = 0; i < orders; i++) {
      csv.append(run + "-" + name + "-" + i)
          .append(",s")
          .append(i)
          .append('-')
          .append(run)
          .append("@example.com,S,Pen,1,")
          .append(first + i)
          .append('\n');
    }
    Batch batch = new Batch(csv.toString(), orders, first);
    stubs.add(
        TestEnvironment.peers()
            .payment()
            .stubFor(
                StandInPeers.slowCompletedCharge(batch.amountFilter(), CHARGE_MILLIS)
                    .atPriority(1)));
    return batch;
  }

  private static long upload(PayaraProcess server, Batch batch) {
    return given()
        .baseUri(server.baseUri())
        .auth()
        .oauth2(TestTokens.operator())
        .contentType("text/csv")
        .body(batch.csv())
        .post("/api/v1/order-imports")
        .then()
        .statusCode(202)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /**
   * Waits until the import is completed and its orders are paid (a charge whose answer came too
   * late is settled in the background after the import ended), then checks it made exactly its
   * orders, each charged under one idempotency key and each confirmed by one mail key.
   */
  private static void awaitCompleted(PayaraProcess server, long importId, Batch batch) {
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !"running".equals(importOf(server, importId).getString("status")));
    JsonPath done = importOf(server, importId);
    assertThat(done.getString("status")).isEqualTo("completed");
    assertThat(done.getInt("processed_rows")).isEqualTo(batch.orders());
    assertThat(done.getInt("orders_created")).isEqualTo(batch.orders());
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> importOf(server, importId).getInt("orders_paid") == batch.orders());
    List<String> statuses =
        TestDatabase.queryColumn("SELECT status FROM orders WHERE import_id = ?", importId);
    assertThat(statuses).hasSize(batch.orders()).containsOnly("PAID");
    assertThat(
            TestDatabase.queryFirst(
                "SELECT COUNT(DISTINCT order_ref) FROM orders WHERE import_id = ?", importId))
        .isEqualTo(String.valueOf(batch.orders()));

    Map<String, Set<String>> chargeKeys = chargeKeysByOrder(batch);
    assertThat(chargeKeys).hasSize(batch.orders());
    assertThat(chargeKeys.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));

    Set<String> orderIds =
        new HashSet<>(
            TestDatabase.queryColumn("SELECT id FROM orders WHERE import_id = ?", importId));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> confirmationKeysByOrder(orderIds).size() == orderIds.size());
    assertThat(confirmationKeysByOrder(orderIds).values())
        .allSatisfy(keys -> assertThat(keys).hasSize(1));
  }

  /** The instances that claimed orders of the import for their charge. */
  private static Set<String> chargers(long importId) {
    return new HashSet<>(
        TestDatabase.queryColumn(
            "SELECT DISTINCT claimed_by FROM orders WHERE import_id = ? AND claimed_by IS NOT NULL",
            importId));
  }

  private static Map<String, Set<String>> chargeKeysByOrder(Batch batch) {
    List<LoggedRequest> charges =
        TestEnvironment.peers()
            .payment()
            .findAll(
                postRequestedFor(urlEqualTo("/api/v1/payments"))
                    .withRequestBody(matchingJsonPath(batch.amountFilter())));
    Map<String, Set<String>> byOrder = new HashMap<>();
    for (LoggedRequest charge : charges) {
      String order = JsonPath.from(charge.getBodyAsString()).getString("order_id");
      byOrder.computeIfAbsent(order, k -> new HashSet<>()).add(charge.getHeader("Idempotency-Key"));
    }
    return byOrder;
  }

  private static Map<String, Set<String>> confirmationKeysByOrder(Set<String> orderIds) {
    WireMockServer notification = TestEnvironment.peers().notification();
    Map<String, Set<String>> byOrder = new HashMap<>();
    for (LoggedRequest mail :
        notification.findAll(
            postRequestedFor(urlEqualTo("/api/v1/notifications/email"))
                .withRequestBody(matchingJsonPath("$[?(@.template == 'ORDER_CONFIRMATION')]")))) {
      String order = JsonPath.from(mail.getBodyAsString()).getString("data.order_id");
      if (orderIds.contains(order)) {
        byOrder.computeIfAbsent(order, k -> new HashSet<>()).add(mail.getHeader("Idempotency-Key"));
      }
    }
    return byOrder;
  }

  private static String createOrder(PayaraProcess server) {
    return given()
        .baseUri(server.baseUri())
        .auth()
        .oauth2(TestTokens.storefront())
        .contentType("application/json")
        .body(
            "{\"customer_email\": \"scale@example.com\", \"customer_name\": \"Scale\","
                + " \"items\": [{\"product_name\": \"Pen\", \"quantity\": 1, \"unit_price\": 120}]}")
        .post("/api/v1/orders/")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getString("status");
  }

  private static JsonPath importOf(PayaraProcess server, long id) {
    return given()
        .baseUri(server.baseUri())
        .auth()
        .oauth2(TestTokens.operator())
        .get("/api/v1/order-imports/" + id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static List<String> outboxClaimers(PayaraProcess server) {
    return given()
        .baseUri(server.baseUri())
        .auth()
        .oauth2(TestTokens.operator())
        .get("/api/v1/admin/outbox?status=sent&limit=100")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("claimed_by", String.class)
        .stream()
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  private PayaraProcess start(String name, String instanceId) {
    // Two servers starting at once beside other builds on two cores have taken over 3 minutes.
    PayaraProcess server =
        PayaraProcess.start(name, environment(instanceId), Duration.ofMinutes(6));
    synchronized (servers) {
      servers.add(server);
    }
    return server;
  }

  private CompletableFuture<PayaraProcess> startAsync(String name, String instanceId) {
    CompletableFuture<PayaraProcess> server =
        CompletableFuture.supplyAsync(() -> start(name, instanceId));
    starting.add(server);
    return server;
  }

  private static Map<String, String> environment(String instanceId) {
    Map<String, String> env = new HashMap<>(FAST_CLAIMS);
    env.put("INSTANCE_ID", instanceId);
    return env;
  }
}
