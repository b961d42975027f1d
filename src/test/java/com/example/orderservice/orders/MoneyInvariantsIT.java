package com.example.orderservice.orders;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.example.orderservice.support.LedgerPaymentService;
import com.example.orderservice.support.ServiceIT;
import com.example.orderservice.support.TestDatabase;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Money and goods never part ways: one test per way they once did (issue 9's findings), each
 * against the deployed service and stand-in peers.
 */
@RunAsClient
class MoneyInvariantsIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  /** Finding 1: a webhook that loses the race against the charge's answer refunds nothing. */
  @Test
  void aWebhookThatLosesTheRaceAgainstTheChargeAnswerNeverRefundsAPaidOrder() throws Exception {
    int orders = 40;
    long base = uniqueAmount();
    try (LedgerPaymentService peer =
            LedgerPaymentService.start("test-webhook-secret", 10_000, base);
        var clients = new Closing(Executors.newFixedThreadPool(4))) {
      peer.chargeBehaviour(order -> LedgerPaymentService.Behaviour.COMPLETED_WITH_WEBHOOK);
      peer.webhookTarget(base().toString());
      stub(
          payment(),
          post(urlEqualTo("/api/v1/payments"))
              .withRequestBody(
                  matchingJsonPath(
                      "$[?(@.amount >= " + base + " && @.amount < " + (base + orders) + ")]"))
              .willReturn(aResponse().proxiedFrom(peer.baseUri())));
      List<CompletableFuture<Response>> creates = new ArrayList<>();
      for (int i = 0; i < orders; i++) {
        long amount = base + i;
        creates.add(
            CompletableFuture.supplyAsync(
                () -> createOrder(orderJson(uniqueEmail(), amount)).extract().response(),
                clients.pool()));
      }
      List<Long> ids = new ArrayList<>();
      for (CompletableFuture<Response> create : creates) {
        Response answer = create.get();
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(201);
        assertThat(answer.jsonPath().getString("status")).isEqualTo("paid");
        ids.add(answer.jsonPath().getLong("id"));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> !peer.webhooksPending());
      for (long id : ids) {
        api().get("/orders/" + id).then().body("status", equalTo("paid"));
        assertThat(refundRows(id)).as("refunds queued for order %d", id).isZero();
        assertThat(peer.chargesTaken(id)).isEqualTo(1);
      }
    }
  }

  /** Finding 2: a refund whose answer is lost keeps the order unshippable until it settles. */
  @Test
  void aRefundWhoseAnswerIsLostKeepsTheOrderFromShippingUntilTheRefundIsConfirmed() {
    long id = createPaidOrder();
    // The Payment Service refunds, but its answer comes after the service's 3 s timeout.
    stub(payment(), refundOf(id).willReturn(refunded(id).withFixedDelay(5_000)));
    api()
        .delete("/orders/" + id)
        .then()
        .statusCode(202)
        .body("status", equalTo("paid"))
        .body("settling", equalTo("refund"));
    putStatus(id, "shipped").statusCode(409).contentType("application/problem+json");

    stub(payment(), refundOf(id).atPriority(0).willReturn(refunded(id)));
    awaitStatus(id, "cancelled", Duration.ofSeconds(60));
    awaitMail(id, "ORDER_CANCELLED");
    assertThat(mails(id, "ORDER_SHIPPED")).isEmpty();
    api().get("/orders/" + id).then().body("settling", org.hamcrest.Matchers.nullValue());
  }

  /** Finding 3: a charge that fails transiently is charged again in the background until final. */
  @Test
  void aChargeThatFailsTransientlyIsRetriedInTheBackgroundWithTheSameKeyUntilItPays() {
    long amount = uniqueAmount();
    String scenario = "flaky-" + amount;
    // Every attempt of the create request fails (500, a reset, 503, ...); the Payment Service
    // comes back afterwards.
    var failures =
        List.of(
            aResponse().withStatus(500),
            aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
            aResponse().withStatus(503));
    String state = Scenario.STARTED;
    for (int i = 0; i < 6; i++) {
      stub(
          payment(),
          chargeOf(amount)
              .inScenario(scenario)
              .whenScenarioStateIs(state)
              .willReturn(failures.get(i % failures.size()))
              .willSetStateTo("failed-" + i));
      state = "failed-" + i;
    }
    stub(
        payment(),
        chargeOf(amount)
            .inScenario(scenario)
            .whenScenarioStateIs(state)
            .willReturn(payment("completed", 0)));
    Response created = createOrder(orderJson(uniqueEmail(), amount)).extract().response();
    assertThat(created.statusCode()).isEqualTo(201);
    long id = created.jsonPath().getLong("id");
    assertThat(created.jsonPath().getString("status")).isEqualTo("payment_processing");
    assertThat(created.jsonPath().getString("settling")).isEqualTo("payment");
    // The Payment Service has no record of it: the background charges again.
    stub(payment(), lookupOf(id).willReturn(noPayment()));

    awaitStatus(id, "paid", Duration.ofSeconds(30));
    awaitMail(id, "ORDER_CONFIRMATION");
    assertThat(charges(id))
        .hasSizeGreaterThan(3)
        .extracting(r -> r.getHeader("Idempotency-Key"))
        .containsOnly("order-" + id + "-payment-1");
  }

  /** Finding 3: cancelling an order whose charge is unsettled settles the charge first. */
  @Test
  void cancellingAnOrderWhoseChargeIsUnsettledRefundsTheMoneyTaken() {
    long amount = uniqueAmount();
    // The money is taken but the answer is lost; the look-up (stand-in default) says completed.
    stub(payment(), chargeOf(amount).willReturn(payment("completed", 6_000)));
    long id = createOrderIn(orderJson(uniqueEmail(), amount), "payment_processing");

    api().delete("/orders/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
    assertThat(refunds(id)).hasSize(1);
    awaitMail(id, "ORDER_CANCELLED");
  }

  /** An unsettled charge that cannot be looked up now is not cancelled blind: 503, try later. */
  @Test
  void cancellingAnUnsettledOrderWhileThePaymentServiceCannotTellIs503WithRetryAfter() {
    long amount = uniqueAmount();
    stub(payment(), chargeOf(amount).willReturn(payment("completed", 6_000)));
    long id = createOrderIn(orderJson(uniqueEmail(), amount), "payment_processing");
    stub(
        payment(),
        get(urlEqualTo("/api/v1/payments/order/" + id)).willReturn(aResponse().withStatus(502)));

    api()
        .delete("/orders/" + id)
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    api().get("/orders/" + id).then().body("status", equalTo("payment_processing"));
    assertThat(refunds(id)).isEmpty();
  }

  /** Finding 5: an Idempotency-Key left behind by a crash answers the order it created. */
  @Test
  void anIdempotencyKeyLeftByACrashAnswersTheOrderItCreated() {
    String key = "crash-" + UUID.randomUUID();
    String json = orderJson(uniqueEmail(), uniqueAmount());
    long id = withKey(key, json).then().statusCode(201).extract().jsonPath().getLong("id");
    // What a crash after the order's commit leaves: a key with no answer, long ago.
    assertThat(
            TestDatabase.update(
                "UPDATE idempotency_keys SET response_status = NULL, response_body = NULL,"
                    + " location = NULL, created_at = now() - interval '1 hour'"
                    + " WHERE idempotency_key = ?",
                key))
        .isEqualTo(1);

    Response again = withKey(key, json);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.jsonPath().getLong("id")).isEqualTo(id);
    assertThat(again.header("Location")).endsWith("/orders/" + id);
    assertThat(charges(id)).hasSize(1);
  }

  /** Finding 6: a refund owed is retried for ever, never parked dead, and stands out. */
  @Test
  void aRefundThatKeepsFailingIsNeverParkedDeadAndStandsOut() {
    long id = createPaidOrder();
    stub(payment(), refundOf(id).willReturn(aResponse().withStatus(503)));
    api().delete("/orders/" + id).then().statusCode(202).body("settling", equalTo("refund"));

    // OUTBOX_MAX_ATTEMPTS is 4 in the tests: an e-mail would be dead by now.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                refundRow(id).map(r -> ((Number) r.get("attempts")).intValue() > 5).orElse(false));
    var row = refundRow(id).orElseThrow();
    assertThat(row.get("status")).isEqualTo("pending");
    assertThat(row.get("needs_attention")).isEqualTo(true);
    putStatus(id, "shipped").statusCode(409);

    stub(payment(), refundOf(id).atPriority(0).willReturn(refunded(id)));
    awaitStatus(id, "cancelled", Duration.ofSeconds(30));
  }

  /** Finding 7: orders whose payment stays pending do not starve newer stuck orders. */
  @Test
  void reconciliationReachesEveryStuckOrderWhateverStaysPending() {
    // RECONCILE_BATCH_SIZE is 5 in the tests: six orders that stay pending fill a round.
    for (int i = 0; i < 6; i++) {
      long amount = uniqueAmount();
      stub(payment(), chargeOf(amount).willReturn(payment("pending", 0)));
      long stuck = createOrderIn(orderJson(uniqueEmail(), amount), "payment_processing");
      stub(payment(), lookupOf(stuck).willReturn(paymentOfOrder(stuck, "pending")));
    }
    long amount = uniqueAmount();
    stub(payment(), chargeOf(amount).willReturn(payment("completed", 6_000)));
    long id = createOrderIn(orderJson(uniqueEmail(), amount), "payment_processing");

    awaitStatus(id, "paid", Duration.ofSeconds(40));
  }

  private Response withKey(String key, String json) {
    return api()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", key)
        .body(json)
        .post("/orders/");
  }

  private static int refundRows(long orderId) {
    return Integer.parseInt(
        TestDatabase.queryFirst(
            "SELECT count(*) FROM outbox WHERE kind = 'REFUND' AND order_id = ?", orderId));
  }

  private java.util.Optional<java.util.Map<String, Object>> refundRow(long orderId) {
    List<java.util.Map<String, Object>> rows =
        api()
            .queryParam("limit", 100)
            .queryParam("order_id", orderId)
            .get("/admin/outbox")
            .then()
            .statusCode(200)
            .extract()
            .path("$");
    return rows.stream()
        .filter(r -> ((Number) r.get("order_id")).longValue() == orderId)
        .filter(r -> "REFUND".equals(r.get("kind")))
        .findFirst();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder refunded(
      long id) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"id\": " + (id + 500) + ", \"order_id\": " + id + ", \"status\": \"refunded\"}");
  }

  private java.net.URL base() {
    return base;
  }

  /** An executor that shuts down with its try block. */
  private record Closing(ExecutorService pool) implements AutoCloseable {
    @Override
    public void close() {
      pool.shutdownNow();
    }
  }
}
