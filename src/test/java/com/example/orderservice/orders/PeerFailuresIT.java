package com.example.orderservice.orders;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.example.orderservice.support.ServiceIT;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** What the order endpoints do when a peer declines, fails, hangs or resets (DD-ORDER-001 §6). */
class PeerFailuresIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  @Test
  void aDeclinedChargeLeavesTheOrderPendingWithoutMail() {
    long amount = uniqueAmount();
    stub(
        payment(),
        chargeOf(amount)
            .willReturn(
                aResponse()
                    .withStatus(402)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"detail\": \"card declined\"}")));
    long id = createOrderIn(orderJson(uniqueEmail(), amount), "pending");
    assertThat(charges(id)).hasSize(1);
    assertThat(allMails(id)).isEmpty();
    api().get("/orders/" + id).then().body("status", equalTo("pending"));
  }

  @Test
  void aFailedPaymentStatusLeavesTheOrderPending() {
    long amount = uniqueAmount();
    stub(
        payment(),
        chargeOf(amount)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\": 9, \"order_id\": 1, \"amount\": "
                            + amount
                            + ", \"currency\": \"JPY\", \"status\": \"failed\"}")));
    createOrder(orderJson(uniqueEmail(), amount))
        .statusCode(201)
        .body("status", equalTo("pending"));
  }

  @Test
  void aPaymentServiceErrorLeavesTheChargeToBeSettledInTheBackground() {
    long amount = uniqueAmount();
    stub(payment(), chargeOf(amount).willReturn(aResponse().withStatus(503)));
    // peers.md: a 5xx is not a business answer; the money may have been taken.
    createOrder(orderJson(uniqueEmail(), amount))
        .statusCode(201)
        .body("status", equalTo("payment_processing"))
        .body("settling", equalTo("payment"));
  }

  @Test
  void aResetConnectionLeavesTheChargeToBeSettledInTheBackground() {
    long amount = uniqueAmount();
    stub(
        payment(),
        chargeOf(amount).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    createOrder(orderJson(uniqueEmail(), amount))
        .statusCode(201)
        .body("status", equalTo("payment_processing"))
        .body("settling", equalTo("payment"));
  }

  @Test
  void aChargeThatTimesOutKeepsTheOrderInPaymentProcessing() {
    long amount = uniqueAmount();
    // The test server's payment timeout is 3 s (PAYMENT_TIMEOUT_MS in the pom).
    stub(payment(), chargeOf(amount).willReturn(payment("completed", 6000)));
    long id = createOrderIn(orderJson(uniqueEmail(), amount), "payment_processing");
    api().get("/orders/" + id).then().body("status", equalTo("payment_processing"));
    assertThat(allMails(id)).isEmpty();
  }

  @Test
  void aPendingPaymentWaitsForTheWebhook() {
    long amount = uniqueAmount();
    stub(payment(), chargeOf(amount).willReturn(payment("pending", 0)));
    createOrder(orderJson(uniqueEmail(), amount))
        .statusCode(201)
        .body("status", equalTo("payment_processing"));
  }

  @Test
  void aFailingNotificationServiceNeverFailsTheOrder() {
    String email = uniqueEmail();
    stub(
        notification(),
        post(urlEqualTo("/api/v1/notifications/email"))
            .withRequestBody(matchingJsonPath("$.to", WireMock.equalTo(email)))
            .willReturn(aResponse().withStatus(500)));
    long id = createOrderIn(orderJson(email, uniqueAmount()), "paid");
    // The outbox keeps trying; the order was answered paid without waiting for the mail.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> mails(id, "ORDER_CONFIRMATION").size() >= 2);
    putStatusShipped(id);
  }

  @Test
  void aHangingNotificationServiceNeverFailsTheOrder() {
    String email = uniqueEmail();
    stub(
        notification(),
        post(urlEqualTo("/api/v1/notifications/email"))
            .withRequestBody(matchingJsonPath("$.to", WireMock.equalTo(email)))
            .willReturn(aResponse().withStatus(202).withFixedDelay(6000)));
    createOrder(orderJson(email, uniqueAmount())).statusCode(201).body("status", equalTo("paid"));
  }

  @Test
  void aRefundThatFailsKeepsTheOrderPaidUnshippableAndCancellingUntilItIsConfirmed() {
    long id = createPaidOrder();
    stub(payment(), refundOf(id).willReturn(aResponse().withStatus(500)));
    api()
        .delete("/orders/" + id)
        .then()
        .statusCode(202)
        .body("status", equalTo("paid"))
        .body("settling", equalTo("refund"));
    assertThat(mails(id, "ORDER_CANCELLED")).isEmpty();
    // The money may be on its way back: the goods stay.
    putStatus(id, "shipped").statusCode(409).contentType("application/problem+json");
    api().delete("/orders/" + id).then().statusCode(409);
  }

  @Test
  void aRefundRejectedByThePaymentServiceKeepsTheOrderPaid() {
    long id = createPaidOrder();
    stub(
        payment(),
        refundOf(id)
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"detail\": \"unknown payment\"}")));
    api().delete("/orders/" + id).then().statusCode(502);
    api().get("/orders/" + id).then().body("status", equalTo("paid"));
  }

  @Test
  void anAlreadyRefundedPaymentCountsAsRefunded() {
    long id = createPaidOrder();
    stub(
        payment(),
        refundOf(id)
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"detail\": \"already refunded\"}")));
    api().delete("/orders/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
  }

  @Test
  void aPaymentLookupFailureLeavesTheRefundToTheBackground() {
    long id = createPaidOrder();
    stub(
        payment(),
        get(urlEqualTo("/api/v1/payments/order/" + id)).willReturn(aResponse().withStatus(502)));
    api().delete("/orders/" + id).then().statusCode(202).body("settling", equalTo("refund"));
    api().get("/orders/" + id).then().body("status", equalTo("paid"));
    assertThat(refunds(id)).isEmpty();
  }

  private void putStatusShipped(long id) {
    api()
        .contentType(io.restassured.http.ContentType.JSON)
        .body("{\"status\": \"shipped\"}")
        .put("/orders/" + id + "/status")
        .then()
        .statusCode(200);
  }
}
