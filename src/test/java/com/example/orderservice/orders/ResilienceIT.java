package com.example.orderservice.orders;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.example.orderservice.payments.control.WebhookSignatureVerifier;
import com.example.orderservice.support.ServiceIT;
import com.example.orderservice.support.TestDatabase;
import com.example.orderservice.support.WebhookSignatures;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * DD-LIM-003/004/005: retries, the outbox, reconciliation, compensation, idempotent creation and
 * racing changes, with faults injected into the WireMock peers.
 */
class ResilienceIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  @Test
  void aChargeThatFailsTwiceThenSucceedsIsRetriedWithTheSameKey() {
    long amount = uniqueAmount();
    String scenario = "flaky-" + amount;
    stub(
        payment(),
        chargeOf(amount)
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("failed-once"));
    stub(
        payment(),
        chargeOf(amount)
            .inScenario(scenario)
            .whenScenarioStateIs("failed-once")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("failed-twice"));
    long id = createOrderIn(orderJson(uniqueEmail(), amount), "paid");
    List<LoggedRequest> charges = charges(id);
    assertThat(charges).hasSize(3);
    assertThat(charges)
        .extracting(r -> r.getHeader("Idempotency-Key"))
        .containsOnly("order-" + id + "-payment-1");
    awaitMail(id, "ORDER_CONFIRMATION");
  }

  @Test
  void aDeclineIsNeverRetried() {
    long amount = uniqueAmount();
    stub(payment(), chargeOf(amount).willReturn(aResponse().withStatus(402)));
    long id =
        createOrder(orderJson(uniqueEmail(), amount))
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    assertThat(charges(id)).hasSize(1);
  }

  @Test
  void mailsWaitInTheOutboxUntilTheNotificationServiceIsBack() {
    String email = uniqueEmail();
    var down =
        notification().stubFor(mailTo(email).atPriority(1).willReturn(aResponse().withStatus(503)));
    long id;
    try {
      Instant start = Instant.now();
      id = createOrderIn(orderJson(email, uniqueAmount()), "paid");
      // The answer did not wait for the mail peer's retries.
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> outbox("pending", id).stream().anyMatch(row -> attempts(row) >= 1));
    } finally {
      notification().removeStub(down);
    }
    awaitMail(id, "ORDER_CONFIRMATION");
    await().atMost(Duration.ofSeconds(10)).until(() -> !outbox("sent", id).isEmpty());
  }

  @Test
  void aMailThatKeepsFailingIsParkedAsDeadAndCanBeRetried() {
    String email = uniqueEmail();
    var down =
        notification().stubFor(mailTo(email).atPriority(1).willReturn(aResponse().withStatus(500)));
    long id;
    long rowId;
    try {
      id =
          createOrder(orderJson(email, uniqueAmount()))
              .statusCode(201)
              .extract()
              .jsonPath()
              .getLong("id");
      await().atMost(Duration.ofSeconds(30)).until(() -> !outbox("dead", id).isEmpty());
      rowId = ((Number) outbox("dead", id).get(0).get("id")).longValue();
      assertThat(outbox("dead", id).get(0).get("last_error")).asString().contains("500");
    } finally {
      notification().removeStub(down);
    }
    api()
        .post("/admin/outbox/" + rowId + "/retry")
        .then()
        .statusCode(200)
        .body("status", equalTo("pending"));
    awaitMail(id, "ORDER_CONFIRMATION");
    api().post("/admin/outbox/" + rowId + "/retry").then().statusCode(409);
    api().get("/admin/outbox?status=lost").then().statusCode(400);
  }

  @Test
  void anOrderWhoseChargeTimedOutIsSettledFromThePaymentServicesRecord() {
    long amount = uniqueAmount();
    stub(payment(), chargeOf(amount).willReturn(payment("completed", 6000)));
    long id = createOrderIn(orderJson(uniqueEmail(), amount), "payment_processing");
    // The stand-in's look-up answers "completed" for every order.
    awaitStatus(id, "paid", Duration.ofSeconds(30));
    awaitMail(id, "ORDER_CONFIRMATION");
    assertThat(charges(id)).hasSize(1);
  }

  @Test
  void anOrderThePaymentServiceNeverSawIsChargedAgainWithTheSameKey() {
    long amount = uniqueAmount();
    String scenario = "lost-" + amount;
    stub(
        payment(),
        chargeOf(amount)
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(201).withFixedDelay(6000).withBody("{}"))
            .willSetStateTo("timed-out"));
    long id = createOrderIn(orderJson(uniqueEmail(), amount), "payment_processing");
    stub(payment(), lookupOf(id).willReturn(noPayment()));
    awaitStatus(id, "paid", Duration.ofSeconds(30));
    assertThat(charges(id))
        .hasSize(2)
        .extracting(r -> r.getHeader("Idempotency-Key"))
        .containsOnly("order-" + id + "-payment-1");
  }

  @Test
  void aPaymentCompletedForACancelledOrderIsRefundedAutomatically() {
    long amount = uniqueAmount();
    stub(payment(), chargeOf(amount).willReturn(aResponse().withStatus(402)));
    long id = createOrderIn(orderJson(uniqueEmail(), amount), "pending");
    api().delete("/orders/" + id).then().statusCode(200);
    String body =
        "{\"event_id\": \"evt_"
            + UUID.randomUUID()
            + "\", \"payment_id\": "
            + (id + 500)
            + ", \"order_id\": "
            + id
            + ", \"status\": \"completed\"}";
    String signature = WebhookSignatures.now("test-webhook-secret", body);
    api()
        .contentType(ContentType.JSON)
        .header(WebhookSignatureVerifier.HEADER, signature)
        .body(body)
        .post("/orders/" + id + "/webhook")
        .then()
        .statusCode(409);
    await().atMost(Duration.ofSeconds(20)).until(() -> refunds(id).size() == 1);
    api().get("/orders/" + id).then().body("status", equalTo("cancelled"));
    List<String> events =
        api().get("/orders/" + id + "/history").then().statusCode(200).extract().path("event");
    assertThat(events)
        .contains("CREATED", "PAYMENT_STARTED", "PAYMENT_FAILED", "CANCEL", "LATE_PAYMENT_REFUND");
  }

  @Test
  void aRepeatedIdempotencyKeyReplaysTheFirstAnswer() {
    String key = "create-" + UUID.randomUUID();
    String json = orderJson(uniqueEmail(), uniqueAmount());
    Response first = withKey(key, json);
    assertThat(first.statusCode()).isEqualTo(201);
    long id = first.jsonPath().getLong("id");
    int count = orderCount();
    Response again = withKey(key, json);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    assertThat(again.asString()).isEqualTo(first.asString());
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(orderCount()).isEqualTo(count);
    assertThat(charges(id)).hasSize(1);

    assertThat(withKey(key, orderJson(uniqueEmail(), 100)).statusCode()).isEqualTo(422);
  }

  @Test
  void aRepeatWhileTheFirstIsStillRunningIs409() throws Exception {
    long amount = uniqueAmount();
    stub(payment(), chargeOf(amount).willReturn(payment("completed", 1000)));
    String key = "slow-" + UUID.randomUUID();
    String json = orderJson(uniqueEmail(), amount);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<Response> first =
          CompletableFuture.supplyAsync(() -> withKey(key, json), pool);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !chargesMatching("$[?(@.amount == " + amount + ")]").isEmpty());
      assertThat(withKey(key, json).statusCode()).isEqualTo(409);
      assertThat(first.get().statusCode()).isEqualTo(201);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void racingStatusChangesNeverLoseAnUpdate() throws Exception {
    long id = createPaidOrder();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Integer>> racers =
          List.of(
              CompletableFuture.supplyAsync(() -> put(id, "shipped"), pool),
              CompletableFuture.supplyAsync(() -> put(id, "shipped"), pool),
              CompletableFuture.supplyAsync(() -> api().delete("/orders/" + id).statusCode(), pool),
              CompletableFuture.supplyAsync(() -> put(id, "shipped"), pool));
      List<Integer> answers = racers.stream().map(CompletableFuture::join).toList();
      assertThat(answers).filteredOn(s -> s == 200).hasSize(1);
      assertThat(answers).filteredOn(s -> s != 200).allMatch(s -> s == 409);
      String status = api().get("/orders/" + id).then().extract().path("status");
      assertThat(status).isIn("shipped", "cancelled");
      List<String> moves =
          api().get("/orders/" + id + "/history").then().extract().path("to_status");
      assertThat(moves).containsExactly("pending", "payment_processing", "paid", status);
      // Shipped goods keep their payment; cancelled ones had it refunded once.
      assertThat(refunds(id)).hasSize(status.equals("cancelled") ? 1 : 0);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anOrderWhoseRefundIsInFlightCannotBeShipped() throws Exception {
    long id = createPaidOrder();
    stub(payment(), refundOf(id).willReturn(payment("refunded", 1500)));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<Response> cancel =
          CompletableFuture.supplyAsync(() -> api().delete("/orders/" + id), pool);
      await().atMost(Duration.ofSeconds(5)).until(() -> !refunds(id).isEmpty());

      putStatus(id, "shipped")
          .statusCode(409)
          .contentType("application/problem+json")
          .body("detail", containsString("is being cancelled"));
      assertThat(api().delete("/orders/" + id).statusCode()).isEqualTo(409);

      Response cancelled = cancel.get(15, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(cancelled.statusCode()).isEqualTo(200);
      assertThat(cancelled.jsonPath().getString("status")).isEqualTo("cancelled");
      assertThat(refunds(id)).hasSize(1);
      awaitMail(id, "ORDER_CANCELLED");
      assertThat(mails(id, "ORDER_SHIPPED")).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCancellationInterruptedAfterItsRefundIsCompletedByTheRefundQueue() {
    long id = createPaidOrder();
    stub(payment(), lookupOf(id).willReturn(paymentOfOrder(id, "refunded")));
    interruptCancellation(id);

    awaitStatus(id, "cancelled", Duration.ofSeconds(20));
    awaitMail(id, "ORDER_CANCELLED");
    assertThat(refunds(id)).isEmpty(); // the crashed request made it; nobody refunds twice
  }

  @Test
  void aCancellationInterruptedBeforeItsRefundIsCompletedByTheRefundQueue() {
    long id = createPaidOrder(); // the stand-in peer reports its payment as completed
    interruptCancellation(id);

    awaitStatus(id, "cancelled", Duration.ofSeconds(20));
    assertThat(refunds(id)).hasSize(1);
    assertThat(put(id, "shipped")).isEqualTo(409);
  }

  /**
   * What a crash during the refund of a cancellation leaves behind: the claim and the refund owed,
   * written in one transaction, with the refund's hand-off long past.
   */
  private static void interruptCancellation(long id) {
    assertThat(
            TestDatabase.update(
                "UPDATE orders SET cancellation_started_at = now() - interval '1 hour'"
                    + " WHERE id = ? AND status = 'PAID'",
                id))
        .isEqualTo(1);
    assertThat(
            TestDatabase.update(
                "INSERT INTO outbox (id, kind, order_id, idempotency_key, payload, status,"
                    + " attempts, next_attempt_at, created_at)"
                    + " SELECT nextval('outbox_id_seq'), 'REFUND', o.id,"
                    + " 'order-' || o.id || '-refund-1',"
                    + " '{\"order_id\": ' || o.id || ', \"amount\": ' || o.total_amount || '}',"
                    + " 'pending', 0, now(), now() FROM orders o WHERE o.id = ?",
                id))
        .isEqualTo(1);
  }

  private int put(long id, String status) {
    return putStatus(id, status).extract().statusCode();
  }

  private Response withKey(String key, String json) {
    return api()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", key)
        .body(json)
        .post("/orders/");
  }

  private int orderCount() {
    return Integer.parseInt(api().get("/orders/?limit=1").then().extract().header("X-Total-Count"));
  }

  private List<java.util.Map<String, Object>> outbox(String status, long orderId) {
    List<java.util.Map<String, Object>> rows =
        api()
            .queryParam("status", status)
            .queryParam("limit", 1000)
            .get("/admin/outbox")
            .then()
            .statusCode(200)
            .extract()
            .path("$");
    return rows.stream().filter(r -> ((Number) r.get("order_id")).longValue() == orderId).toList();
  }

  private static int attempts(java.util.Map<String, Object> row) {
    return ((Number) row.get("attempts")).intValue();
  }
}
