package com.example.orderservice.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.orderservice.payments.control.WebhookSignatureVerifier;
import com.example.orderservice.support.ServiceIT;
import com.example.orderservice.support.TestTokens;
import com.example.orderservice.support.WebhookSignatures;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Who may call what (security.md): every endpoint of the API against every kind of caller, from no
 * token and bad tokens (401) through a valid token without the role (403) to the roles that may
 * (the call's own answer), and that a refused call changed nothing. The open endpoints answer
 * without a token; the actor of a change is in the history and the import.
 */
class AccessControlIT extends ServiceIT {

  private static final String WEBHOOK_SECRET = "test-webhook-secret";
  private static final String CSV_HEADER =
      "order_ref,customer_email,customer_name,product_name,quantity,unit_price,currency\n";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  /** Who calls: a token of some kind, or none. */
  enum Caller {
    NO_TOKEN(null),
    FORGED(TestTokens::forged),
    ALG_NONE(TestTokens::unsigned),
    EXPIRED(TestTokens::expired),
    OTHER_ISSUER(() -> TestTokens.with(c -> c.issuer("https://someone-else.example.com"))),
    OTHER_AUDIENCE(() -> TestTokens.with(c -> c.audience("another-service"))),
    NO_ROLE(() -> TestTokens.withGroups("test-nobody")),
    STOREFRONT(TestTokens::storefront),
    OPERATOR(TestTokens::operator);

    final Supplier<String> token;

    Caller(Supplier<String> token) {
      this.token = token;
    }

    boolean authenticated() {
      return this == NO_ROLE || this == STOREFRONT || this == OPERATOR;
    }
  }

  /** The least role an endpoint needs. */
  enum Role {
    STOREFRONT,
    OPERATOR
  }

  /** One call ready to be made, and what it would change (null: it changes nothing). */
  record Case(Function<RequestSpecification, Response> call, Supplier<Object> state) {}

  /**
   * An endpoint, the role it needs and its answer to a caller who may call it. Restart, stop and
   * retry are aimed at a finished import and a sent message: 409 shows the call got past access
   * control to the rule that refuses it.
   */
  record Endpoint(String name, Role role, int allowed, Supplier<Case> prepare) {}

  private Long readableOrder;
  private Long finishedImport;
  private Long sentMessage;

  private List<Endpoint> endpoints() {
    return List.of(
        new Endpoint(
            "POST /orders/",
            Role.STOREFRONT,
            201,
            () -> {
              long amount = uniqueAmount();
              return new Case(
                  s ->
                      s.contentType(ContentType.JSON)
                          .body(orderJson(uniqueEmail(), amount))
                          .post("/orders/"),
                  () -> chargesMatching("$[?(@.amount == " + amount + ")]").size());
            }),
        new Endpoint("GET /orders/", Role.STOREFRONT, 200, () -> read(s -> s.get("/orders/"))),
        new Endpoint(
            "GET /orders/{id}",
            Role.STOREFRONT,
            200,
            () -> read(s -> s.get("/orders/" + readableOrder()))),
        new Endpoint(
            "GET /orders/{id}/history",
            Role.STOREFRONT,
            200,
            () -> read(s -> s.get("/orders/" + readableOrder() + "/history"))),
        new Endpoint(
            "PUT /orders/{id}/status",
            Role.OPERATOR,
            200,
            () -> {
              long id = createPaidOrder();
              return new Case(
                  s ->
                      s.contentType(ContentType.JSON)
                          .body("{\"status\": \"shipped\"}")
                          .put("/orders/" + id + "/status"),
                  () -> orderState(id));
            }),
        new Endpoint(
            "DELETE /orders/{id}",
            Role.STOREFRONT,
            200,
            () -> {
              long id = createPaidOrder();
              return new Case(
                  s -> s.delete("/orders/" + id), () -> orderState(id) + refunds(id).size());
            }),
        new Endpoint(
            "POST /orders/batch",
            Role.OPERATOR,
            202,
            () ->
                new Case(
                    s ->
                        s.contentType(ContentType.JSON)
                            .body(
                                "{\"orders\": [" + orderJson(uniqueEmail(), uniqueAmount()) + "]}")
                            .post("/orders/batch"),
                    this::importCount)),
        new Endpoint(
            "POST /order-imports",
            Role.OPERATOR,
            202,
            () -> {
              String csv = oneOrderCsv();
              return new Case(
                  s -> s.contentType("text/csv").body(csv).post("/order-imports"),
                  this::importCount);
            }),
        new Endpoint(
            "GET /order-imports", Role.OPERATOR, 200, () -> read(s -> s.get("/order-imports"))),
        new Endpoint(
            "GET /order-imports/{id}",
            Role.OPERATOR,
            200,
            () -> read(s -> s.get("/order-imports/" + finishedImport()))),
        new Endpoint(
            "GET /order-imports/{id}/errors",
            Role.OPERATOR,
            200,
            () -> read(s -> s.get("/order-imports/" + finishedImport() + "/errors"))),
        new Endpoint(
            "GET /order-imports/{id}/errors as CSV",
            Role.OPERATOR,
            200,
            () ->
                read(
                    s ->
                        s.accept("text/csv")
                            .get("/order-imports/" + finishedImport() + "/errors"))),
        new Endpoint(
            "POST /order-imports/{id}/restart",
            Role.OPERATOR,
            409,
            () -> {
              long id = finishedImport();
              return new Case(
                  s -> s.post("/order-imports/" + id + "/restart"), () -> importState(id));
            }),
        new Endpoint(
            "DELETE /order-imports/{id}",
            Role.OPERATOR,
            409,
            () -> {
              long id = finishedImport();
              return new Case(s -> s.delete("/order-imports/" + id), () -> importState(id));
            }),
        new Endpoint(
            "GET /admin/outbox", Role.OPERATOR, 200, () -> read(s -> s.get("/admin/outbox"))),
        new Endpoint(
            "POST /admin/outbox/{id}/retry",
            Role.OPERATOR,
            409,
            () -> {
              long id = sentMessage();
              return new Case(s -> s.post("/admin/outbox/" + id + "/retry"), () -> outboxState(id));
            }));
  }

  @Test
  void withoutATokenEveryApiCallIs401() {
    checkEveryEndpoint(Caller.NO_TOKEN);
  }

  @Test
  void aTokenSignedWithAnotherKeyIs401() {
    checkEveryEndpoint(Caller.FORGED);
  }

  @Test
  void anUnsignedTokenIs401() {
    checkEveryEndpoint(Caller.ALG_NONE);
  }

  @Test
  void anExpiredTokenIs401() {
    checkEveryEndpoint(Caller.EXPIRED);
  }

  @Test
  void aTokenFromAnotherIssuerIs401() {
    checkEveryEndpoint(Caller.OTHER_ISSUER);
  }

  @Test
  void aTokenForAnotherAudienceIs401() {
    checkEveryEndpoint(Caller.OTHER_AUDIENCE);
  }

  @Test
  void aTokenWithoutARoleIs403() {
    checkEveryEndpoint(Caller.NO_ROLE);
  }

  @Test
  void theStorefrontMayOrderReadAndCancelButNothingElse() {
    checkEveryEndpoint(Caller.STOREFRONT);
  }

  @Test
  void theOperatorMayCallEverything() {
    checkEveryEndpoint(Caller.OPERATOR);
  }

  /** Every endpoint for one kind of caller; every wrong cell of the row is reported at once. */
  private void checkEveryEndpoint(Caller caller) {
    SoftAssertions softly = new SoftAssertions();
    for (Endpoint endpoint : endpoints()) {
      Case call = endpoint.prepare().get();
      Object before = call.state() == null ? null : call.state().get();
      String token = caller.token == null ? null : caller.token.get();
      Response response = call.call().apply(as(token));
      int expected = expected(caller, endpoint);
      String cell = caller + " × " + endpoint.name();
      softly
          .assertThat(response.statusCode())
          .as(cell + ": " + response.asString())
          .isEqualTo(expected);
      if (expected == 401 || expected == 403) {
        checkRefusal(softly, cell, response, expected, token);
        if (call.state() != null) {
          softly.assertThat(call.state().get()).as(cell + " changed something").isEqualTo(before);
        }
      }
    }
    softly.assertAll();
  }

  private static int expected(Caller caller, Endpoint endpoint) {
    if (!caller.authenticated()) {
      return 401;
    }
    boolean may =
        caller == Caller.OPERATOR
            || (caller == Caller.STOREFRONT && endpoint.role() == Role.STOREFRONT);
    return may ? endpoint.allowed() : 403;
  }

  /** A refusal is a problem document that names no check beyond missing/invalid/forbidden. */
  private static void checkRefusal(
      SoftAssertions softly, String cell, Response response, int status, String token) {
    softly
        .assertThat(response.contentType())
        .as(cell + " content type")
        .startsWith("application/problem+json");
    String body = response.asString();
    softly.assertThat(body).as(cell + " body").contains("\"status\":" + status);
    if (token != null) {
      softly.assertThat(body).as(cell + " echoes the token").doesNotContain(token);
    }
    softly.assertThat(body).as(cell + " leaks internals").doesNotContain("Exception", "at com.");
    if (status == 401) {
      softly
          .assertThat(response.header("WWW-Authenticate"))
          .as(cell + " WWW-Authenticate")
          .startsWith("Bearer");
    }
  }

  @Test
  void theOpenEndpointsAnswerWithoutAToken() {
    String root = base.toString().replaceAll("/$", "");
    // WildFly serves health on its management port (the build names it), Payara on the HTTP port.
    String health = System.getProperty("test.health.base", root);
    given().baseUri(health).get("/health/live").then().statusCode(200);
    given().baseUri(health).get("/health/ready").then().statusCode(200);
    given().baseUri(root).get("/openapi").then().statusCode(200);

    long id = createOrderAwaitingWebhook();
    String body =
        "{\"event_id\": \"evt_%s\", \"payment_id\": %d, \"order_id\": %d, \"status\": \"completed\"}"
            .formatted(UUID.randomUUID(), id + 500, id);
    String signature = WebhookSignatures.now(WEBHOOK_SECRET, body);
    as(null)
        .contentType(ContentType.JSON)
        .header(WebhookSignatureVerifier.HEADER, signature)
        .body(body.getBytes(StandardCharsets.UTF_8))
        .post("/orders/" + id + "/webhook")
        .then()
        .statusCode(200);
    // The webhook's change is recorded as the Payment Service's, not as an anonymous one.
    assertThat(lastHistoryLine(id).getString("by")).isEqualTo("payment-service");
  }

  @Test
  void theHistorySaysWhoChangedTheStatusOrCancelled() {
    long shipped = createPaidOrder();
    as(TestTokens.withGroups("alice@shop.example", "operator"))
        .contentType(ContentType.JSON)
        .body("{\"status\": \"shipped\"}")
        .put("/orders/" + shipped + "/status")
        .then()
        .statusCode(200);
    JsonPath line = lastHistoryLine(shipped);
    assertThat(line.getString("to_status")).isEqualTo("shipped");
    assertThat(line.getString("by")).isEqualTo("alice@shop.example");

    long cancelled = createPaidOrder();
    as(TestTokens.storefront()).delete("/orders/" + cancelled).then().statusCode(200);
    JsonPath last = lastHistoryLine(cancelled);
    assertThat(last.getString("to_status")).isEqualTo("cancelled");
    assertThat(last.getString("by")).isEqualTo("test-storefront");
  }

  @Test
  void anImportSaysWhoUploadedIt() {
    String uploader = "bob-" + UUID.randomUUID();
    Response upload =
        as(TestTokens.withGroups(uploader, "operator"))
            .contentType("text/csv")
            .body(oneOrderCsv())
            .post("/order-imports");
    assertThat(upload.statusCode()).as(upload.asString()).isEqualTo(202);
    assertThat(upload.jsonPath().getString("uploaded_by")).isEqualTo(uploader);
    long id = upload.jsonPath().getLong("id");
    assertThat(api().get("/order-imports/" + id).jsonPath().getString("uploaded_by"))
        .isEqualTo(uploader);
  }

  /** The API as {@code token}'s holder sees it (no Authorization header for null). */
  private RequestSpecification as(String token) {
    RequestSpecification spec =
        given().baseUri(base.toString()).basePath("/api/v1").accept(ContentType.JSON);
    return token == null ? spec : spec.header("Authorization", "Bearer " + token);
  }

  private static Case read(Function<RequestSpecification, Response> call) {
    return new Case(call, null);
  }

  private JsonPath lastHistoryLine(long orderId) {
    JsonPath history =
        api().get("/orders/" + orderId + "/history").then().statusCode(200).extract().jsonPath();
    return history.setRootPath("[" + (history.getList("$").size() - 1) + "]");
  }

  private long readableOrder() {
    if (readableOrder == null) {
      readableOrder = createPaidOrder();
    }
    return readableOrder;
  }

  private long finishedImport() {
    if (finishedImport == null) {
      Response upload = api().contentType("text/csv").body(oneOrderCsv()).post("/order-imports");
      assertThat(upload.statusCode()).as(upload.asString()).isEqualTo(202);
      long id = upload.jsonPath().getLong("id");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> importState(id).startsWith("completed"));
      finishedImport = id;
    }
    return finishedImport;
  }

  private long sentMessage() {
    if (sentMessage == null) {
      readableOrder();
      sentMessage =
          await()
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () ->
                      api()
                          .get("/admin/outbox?status=sent&limit=1")
                          .jsonPath()
                          .getObject("[0].id", Long.class),
                  Objects::nonNull);
    }
    return sentMessage;
  }

  private static String oneOrderCsv() {
    String r = UUID.randomUUID().toString().substring(0, 8);
    return CSV_HEADER + r + "-1,ac-" + r + "@example.com,Ann,Pen,1," + uniqueAmount() + ",JPY\n";
  }

  private String orderState(long id) {
    JsonPath order = api().get("/orders/" + id).jsonPath();
    int history = api().get("/orders/" + id + "/history").jsonPath().getList("$").size();
    return order.getString("status") + "/" + order.getString("updated_at") + "/" + history;
  }

  private String importState(long id) {
    JsonPath upload = api().get("/order-imports/" + id).jsonPath();
    return upload.getString("status")
        + "/"
        + upload.getString("processed_rows")
        + "/"
        + upload.getString("finished_at");
  }

  private String outboxState(long id) {
    JsonPath rows = api().get("/admin/outbox?status=sent&limit=1000").jsonPath();
    return rows.getString("find { it.id == " + id + " }.status")
        + "/"
        + rows.getString("find { it.id == " + id + " }.attempts");
  }
}
