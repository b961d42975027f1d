package com.example.orderservice.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.example.orderservice.payments.control.WebhookSignatureVerifier;
import com.example.orderservice.support.ServiceIT;
import com.example.orderservice.support.WebhookSignatures;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** The signed payment webhook: every answer of its table in peers.md. */
class PaymentWebhookIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  /** The secret the build gives the test server (PAYMENT_WEBHOOK_SECRET in the pom). */
  private static final String SECRET = "test-webhook-secret";

  @Test
  void completedPaysAProcessingOrderAndMailsOnce() {
    long id = createOrderAwaitingWebhook();
    String event = newEventId();
    send(id, event(event, id, "completed"))
        .statusCode(200)
        .body("result", equalTo("applied"))
        .body("order_status", equalTo("paid"));
    api().get("/orders/" + id).then().body("status", equalTo("paid"));
    awaitMail(id, "ORDER_CONFIRMATION");

    send(id, event(event, id, "completed")).statusCode(200).body("result", equalTo("duplicate"));
    send(id, event(newEventId(), id, "completed"))
        .statusCode(200)
        .body("result", equalTo("already_applied"));
    awaitMail(id, "ORDER_CONFIRMATION");
  }

  @Test
  void failedSendsAProcessingOrderBackToPending() {
    long id = createOrderAwaitingWebhook();
    send(id, event(newEventId(), id, "failed"))
        .statusCode(200)
        .body("order_status", equalTo("pending"));
    assertThat(allMails(id)).isEmpty();
  }

  @Test
  void completedForAPendingOrderStillCounts() {
    long id = createOrderAwaitingWebhook();
    send(id, event(newEventId(), id, "failed")).statusCode(200);
    send(id, event(newEventId(), id, "completed"))
        .statusCode(200)
        .body("order_status", equalTo("paid"));
    awaitMail(id, "ORDER_CONFIRMATION");
  }

  @Test
  void refundedCancelsAPaidOrderAndMailsOnce() {
    long id = createPaidOrder();
    String event = newEventId();
    send(id, event(event, id, "refunded"))
        .statusCode(200)
        .body("order_status", equalTo("cancelled"));
    send(id, event(event, id, "refunded")).statusCode(200).body("result", equalTo("duplicate"));
    awaitMail(id, "ORDER_CANCELLED");
  }

  @Test
  void anEventThatBreaksTheStateMachineIs409AndChangesNothing() {
    long id = createPaidOrder();
    api().delete("/orders/" + id).then().statusCode(200);
    String event = newEventId();
    send(id, event(event, id, "failed")).statusCode(409).contentType("application/problem+json");
    long shipped = createPaidOrder();
    api()
        .contentType(ContentType.JSON)
        .body("{\"status\": \"shipped\"}")
        .put("/orders/" + shipped + "/status")
        .then()
        .statusCode(200);
    send(shipped, event(newEventId(), shipped, "refunded")).statusCode(409);
    api().get("/orders/" + shipped).then().body("status", equalTo("shipped"));
    // A refused event is not remembered: once it fits, the same id is applied.
    long pending = createOrderAwaitingWebhook();
    send(pending, event(event, pending, "failed"))
        .statusCode(200)
        .body("result", equalTo("applied"));
  }

  @Test
  void completedForACancelledOrderIs409() {
    long id = createOrderAwaitingWebhook();
    send(id, event(newEventId(), id, "failed")).statusCode(200);
    api().delete("/orders/" + id).then().statusCode(200);
    send(id, event(newEventId(), id, "completed")).statusCode(409);
    api().get("/orders/" + id).then().body("status", equalTo("cancelled"));
  }

  @Test
  void badBodiesAre400() {
    long id = createPaidOrder();
    send(id, event(newEventId(), id + 1, "completed"))
        .statusCode(400)
        .body("detail", containsString("differs"));
    send(id, "{not json").statusCode(400);
    send(id, event(newEventId(), id, "exploded")).statusCode(400);
    send(id, "{\"payment_id\": 1, \"order_id\": " + id + ", \"status\": \"completed\"}")
        .statusCode(400);
  }

  @Test
  void unknownOrdersAre404() {
    send(999_999_999L, event(newEventId(), 999_999_999L, "completed")).statusCode(404);
  }

  @Test
  void unsignedOrWronglySignedCallsAre401() {
    long id = createOrderAwaitingWebhook();
    String body = event(newEventId(), id, "completed");
    long now = Instant.now().getEpochSecond();
    webhook(id, body, null).statusCode(401).contentType("application/problem+json");
    webhook(id, body, "nonsense").statusCode(401);
    webhook(id, body, "t=" + now).statusCode(401);
    webhook(id, body, "t=" + now + ",v1=zz").statusCode(401);
    webhook(id, body, WebhookSignatures.header("wrong-secret", now, body)).statusCode(401);
    webhook(id, body, WebhookSignatures.header(SECRET, epochNow() - 400, body)).statusCode(401);
    webhook(id, body, WebhookSignatures.header(SECRET, epochNow() + 400, body)).statusCode(401);
    // signed for another body
    webhook(id, body, WebhookSignatures.header(SECRET, now, body.replace("completed", "failed")))
        .statusCode(401);
    api().get("/orders/" + id).then().body("status", equalTo("payment_processing"));

    // The exact 300 s edge is pinned in WebhookSignatureVerifierTest with a fixed clock.
    webhook(id, body, WebhookSignatures.header(SECRET, epochNow() - 250, body)).statusCode(200);
  }

  /** An order whose charge the Payment Service left pending, so it waits in PAYMENT_PROCESSING. */
  private static long epochNow() {
    return Instant.now().getEpochSecond();
  }

  private static String newEventId() {
    return "evt_" + UUID.randomUUID();
  }

  private static String event(String eventId, long orderId, String status) {
    return "{\"event_id\": \"%s\", \"payment_id\": %d, \"order_id\": %d, \"status\": \"%s\"}"
        .formatted(eventId, orderId + 500, orderId, status);
  }

  private ValidatableResponse send(long orderId, String body) {
    return webhook(
        orderId, body, WebhookSignatures.header(SECRET, Instant.now().getEpochSecond(), body));
  }

  private ValidatableResponse webhook(long orderId, String body, String signature) {
    var request = api().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8));
    if (signature != null) {
      request.header(WebhookSignatureVerifier.HEADER, signature);
    }
    return request.post("/orders/" + orderId + "/webhook").then();
  }
}
