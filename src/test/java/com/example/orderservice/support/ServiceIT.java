package com.example.orderservice.support;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the integration tests: deploys the WAR that {@code mvn package} built (the artifact that
 * ships, not a hand-picked list of classes) to a real Payara Micro against PostgreSQL and the
 * WireMock peers, and talks to it over HTTP. Each test makes its own orders and its own stubs
 * (matched on values only it uses) and removes the stubs afterwards.
 */
@ExtendWith({TestEnvironment.class, ArquillianExtension.class})
public abstract class ServiceIT {

  @ArquillianResource protected URL base;

  private final List<Runnable> stubRemovals = new ArrayList<>();

  /** The WAR {@code mvn package} built; each test class deploys it from its own deployment. */
  public static WebArchive builtWar() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/order-service.war"));
  }

  @AfterEach
  void removeStubs() {
    stubRemovals.forEach(Runnable::run);
  }

  /** The API as an operator (who may call everything) sees it. */
  protected RequestSpecification api() {
    return given()
        .baseUri(base.toString())
        .basePath("/api/v1")
        .accept(ContentType.JSON)
        .header("Authorization", "Bearer " + TestTokens.operator());
  }

  protected static WireMockServer payment() {
    return TestEnvironment.peers().payment();
  }

  protected static WireMockServer notification() {
    return TestEnvironment.peers().notification();
  }

  /** Adds a stub for this test only; it goes when the test ends. */
  protected void stub(WireMockServer peer, MappingBuilder mapping) {
    StubMapping stub = peer.stubFor(mapping.atPriority(1));
    stubRemovals.add(() -> peer.removeStub(stub));
  }

  /** A JPY amount no other test uses, so stubs can match this test's charges alone. */
  protected static long uniqueAmount() {
    return ThreadLocalRandom.current().nextLong(1_000_000, 900_000_000);
  }

  /** An e-mail address no other test uses. */
  protected static String uniqueEmail() {
    return "buyer-" + ThreadLocalRandom.current().nextLong(1L << 40) + "@example.com";
  }

  protected static String orderJson(String email, long unitPrice) {
    return """
        {"customer_email": "%s", "customer_name": "田中太郎",
         "items": [{"product_name": "ノートPC", "quantity": 1, "unit_price": %d}],
         "currency": "JPY"}"""
        .formatted(email, unitPrice);
  }

  protected ValidatableResponse createOrder(String json) {
    return api().contentType(ContentType.JSON).body(json).post("/orders/").then();
  }

  /** Asks for the order's move to {@code status} through PUT /orders/{id}/status. */
  protected ValidatableResponse putStatus(long id, String status) {
    return api()
        .contentType(ContentType.JSON)
        .body("{\"status\": \"" + status + "\"}")
        .put("/orders/" + id + "/status")
        .then();
  }

  /** Matches the charges of this test's unique {@code amount}. */
  protected static MappingBuilder chargeOf(long amount) {
    return com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/api/v1/payments"))
        .withRequestBody(matchingJsonPath("$[?(@.amount == " + amount + ")]"));
  }

  /** Matches the refunds of one order (by their idempotency key). */
  protected static MappingBuilder refundOf(long orderId) {
    return com.github.tomakehurst.wiremock.client.WireMock.post(
            urlEqualTo("/api/v1/payments/refund"))
        .withHeader("Idempotency-Key", equalTo("order-" + orderId + "-refund-1"));
  }

  /** Matches the e-mails to this test's unique address. */
  protected static MappingBuilder mailTo(String email) {
    return com.github.tomakehurst.wiremock.client.WireMock.post(
            urlEqualTo("/api/v1/notifications/email"))
        .withRequestBody(matchingJsonPath("$.to", equalTo(email)));
  }

  /** A 201 payment object of the given status, after {@code delayMillis}. */
  protected static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder payment(
      String status, int delayMillis) {
    return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
        .withStatus(201)
        .withFixedDelay(delayMillis)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\": 9, \"status\": \"" + status + "\"}");
  }

  /** Creates an order, checks it was answered 201 with {@code status}; answers its id. */
  protected long createOrderIn(String json, String status) {
    return createOrder(json)
        .statusCode(201)
        .body("status", org.hamcrest.Matchers.equalTo(status))
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /**
   * Creates an order whose payment the Payment Service reports as {@code pending} (in its answer
   * and in its look-up), so it stays payment_processing until a webhook settles it; answers its id.
   */
  protected long createOrderAwaitingWebhook() {
    long amount = uniqueAmount();
    stub(payment(), chargeOf(amount).willReturn(payment("pending", 0)));
    long id = createOrderIn(orderJson(uniqueEmail(), amount), "payment_processing");
    stub(payment(), lookupOf(id).willReturn(paymentOfOrder(id, "pending")));
    return id;
  }

  /** Matches the Payment Service look-ups of one order's payment. */
  protected static MappingBuilder lookupOf(long orderId) {
    return com.github.tomakehurst.wiremock.client.WireMock.get(
        urlEqualTo("/api/v1/payments/order/" + orderId));
  }

  /** The look-up's answer: the order's payment in {@code status}. */
  protected static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder paymentOfOrder(
      long orderId, String status) {
    return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"id\": "
                + (orderId + 500)
                + ", \"order_id\": "
                + orderId
                + ", \"status\": \""
                + status
                + "\"}");
  }

  /** The look-up's answer when the Payment Service knows no payment of the order. */
  protected static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder noPayment() {
    return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
        .withStatus(404)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"detail\": \"no payment\"}");
  }

  /** Creates an order the stand-in Payment Service charges; answers its id. */
  protected long createPaidOrder() {
    return createOrder(orderJson(uniqueEmail(), uniqueAmount()))
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  protected static List<LoggedRequest> charges(long orderId) {
    return payment()
        .findAll(
            postRequestedFor(urlEqualTo("/api/v1/payments"))
                .withRequestBody(matchingJsonPath("$.order_id", equalTo(String.valueOf(orderId)))));
  }

  /** The charges the payment peer received whose body matches the JSONPath {@code filter}. */
  protected static List<LoggedRequest> chargesMatching(String filter) {
    return payment()
        .findAll(
            postRequestedFor(urlEqualTo("/api/v1/payments"))
                .withRequestBody(matchingJsonPath(filter)));
  }

  protected static List<LoggedRequest> refunds(long orderId) {
    return payment()
        .findAll(
            postRequestedFor(urlEqualTo("/api/v1/payments/refund"))
                .withHeader("Idempotency-Key", equalTo("order-" + orderId + "-refund-1")));
  }

  protected static List<LoggedRequest> mails(long orderId, String template) {
    return notification()
        .findAll(
            postRequestedFor(urlEqualTo("/api/v1/notifications/email"))
                .withRequestBody(
                    matchingJsonPath("$.data.order_id", equalTo(String.valueOf(orderId))))
                .withRequestBody(matchingJsonPath("$.template", equalTo(template))));
  }

  /**
   * Waits (up to 20 s) until the Notification Service accepted {@code template} for the order.
   * Exactly one e-mail in effect: every request for it carries the one idempotency key the peer
   * deduplicates by (a delivery that timed out may be repeated with it). Answers the first accepted
   * request.
   */
  protected static LoggedRequest awaitMail(long orderId, String template) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .pollInterval(java.time.Duration.ofMillis(100))
        .until(() -> !acceptedMails(orderId, template).isEmpty());
    org.assertj.core.api.Assertions.assertThat(mails(orderId, template))
        .extracting(r -> r.getHeader("Idempotency-Key"))
        .containsOnly("order-" + orderId + "-" + template);
    return acceptedMails(orderId, template).get(0);
  }

  /** The mails of {@code template} for the order that the Notification Service accepted (2xx). */
  protected static List<LoggedRequest> acceptedMails(long orderId, String template) {
    var pattern =
        postRequestedFor(urlEqualTo("/api/v1/notifications/email"))
            .withRequestBody(matchingJsonPath("$.data.order_id", equalTo(String.valueOf(orderId))))
            .withRequestBody(matchingJsonPath("$.template", equalTo(template)))
            .build();
    return notification().getAllServeEvents().stream()
        .filter(e -> e.getResponse().getStatus() / 100 == 2)
        .filter(e -> pattern.match(e.getRequest()).isExactMatch())
        .map(e -> LoggedRequest.createFrom(e.getRequest()))
        .toList();
  }

  protected static List<LoggedRequest> allMails(long orderId) {
    return notification()
        .findAll(
            postRequestedFor(urlEqualTo("/api/v1/notifications/email"))
                .withRequestBody(
                    matchingJsonPath("$.data.order_id", equalTo(String.valueOf(orderId)))));
  }

  /** Checks an upload was taken (200 or 202) and waits until its import has finished. */
  protected io.restassured.path.json.JsonPath finished(io.restassured.response.Response upload) {
    org.assertj.core.api.Assertions.assertThat(upload.statusCode())
        .as(upload.asString())
        .isIn(200, 202);
    return finishedImport(upload.jsonPath().getLong("id"));
  }

  /**
   * Waits (90 s at most) until import {@code id} has finished, however it ended; its charges' mails
   * are not awaited.
   */
  protected io.restassured.path.json.JsonPath finishedImport(long id) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(90))
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(
            () ->
                List.of("completed", "completed_with_errors", "failed", "stopped")
                    .contains(importOf(id).getString("status")));
    return importOf(id);
  }

  protected io.restassured.path.json.JsonPath importOf(long id) {
    return api().get("/order-imports/" + id).then().statusCode(200).extract().jsonPath();
  }

  protected int importCount() {
    return Integer.parseInt(
        api().get("/order-imports?limit=1").then().extract().header("X-Total-Count"));
  }

  /** Waits until order {@code id} has {@code status}, {@code within} at most. */
  protected void awaitStatus(long id, String status, java.time.Duration within) {
    org.awaitility.Awaitility.await()
        .atMost(within)
        .until(() -> status.equals(api().get("/orders/" + id).then().extract().path("status")));
  }
}
