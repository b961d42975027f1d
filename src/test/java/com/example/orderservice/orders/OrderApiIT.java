package com.example.orderservice.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import com.example.orderservice.support.ServiceIT;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** The order endpoints of DD-ORDER-001 §2.1–2.5 against the real server and happy peers. */
class OrderApiIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  private static final String ISO_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";

  @Test
  void createAnswersThePaidOrderInTheDesignsShape() {
    String email = uniqueEmail();
    JsonPath order =
        createOrder(
                """
                {"customer_email": "%s", "customer_name": "田中太郎",
                 "items": [{"product_name": "ノートPC", "quantity": 2, "unit_price": 89800.0}],
                 "currency": "JPY"}"""
                    .formatted(email))
            .statusCode(201)
            .contentType(ContentType.JSON)
            .header("Location", matchesPattern(".*/api/v1/orders/\\d+"))
            .body("customer_email", equalTo(email))
            .body("customer_name", equalTo("田中太郎"))
            .body("status", equalTo("paid"))
            .body("currency", equalTo("JPY"))
            .body("items", hasSize(1))
            .body("items[0].product_name", equalTo("ノートPC"))
            .body("items[0].quantity", equalTo(2))
            .body("created_at", matchesPattern(ISO_UTC))
            .body("updated_at", matchesPattern(ISO_UTC))
            .extract()
            .jsonPath();
    long id = order.getLong("id");
    assertThat(order.getDouble("total_amount")).isEqualTo(179600.0);
    assertThat(order.getDouble("items[0].unit_price")).isEqualTo(89800.0);
    assertThat(order.getLong("items[0].id")).isPositive();
    assertThat(order.getMap("$").keySet())
        .containsExactly(
            "id",
            "customer_email",
            "customer_name",
            "status",
            "total_amount",
            "currency",
            "items",
            "created_at",
            "updated_at");

    List<LoggedRequest> charges = charges(id);
    assertThat(charges).hasSize(1);
    assertThat(charges.get(0).getHeader("Idempotency-Key")).isEqualTo("order-" + id + "-payment-1");
    assertThat(JsonPath.from(charges.get(0).getBodyAsString()).getDouble("amount"))
        .isEqualTo(179600.0);
    assertThat(JsonPath.from(charges.get(0).getBodyAsString()).getString("currency"))
        .isEqualTo("JPY");

    LoggedRequest confirmation = awaitMail(id, "ORDER_CONFIRMATION");
    assertThat(confirmation.getHeader("Idempotency-Key"))
        .isEqualTo("order-" + id + "-ORDER_CONFIRMATION");
    JsonPath mail = JsonPath.from(confirmation.getBodyAsString());
    assertThat(mail.getString("to")).isEqualTo(email);
    assertThat(mail.getString("data.customer_name")).isEqualTo("田中太郎");
    assertThat(mail.getString("data.status")).isEqualTo("paid");
  }

  @Test
  void moneyIsExact() {
    String body =
        createOrder(
                """
                {"customer_email": "%s", "customer_name": "Ann",
                 "items": [{"product_name": "Pen", "quantity": 3, "unit_price": 0.1},
                           {"product_name": "Ink", "quantity": 1, "unit_price": 19.99}],
                 "currency": "USD"}"""
                    .formatted(uniqueEmail()))
            .statusCode(201)
            .extract()
            .asString();
    // 3 × 0.1 + 19.99 is 20.29 exactly, not 20.290000000000003; USD shows its two decimals.
    assertThat(body).contains("\"total_amount\":20.29,").contains("\"unit_price\":0.10}");
    long id = JsonPath.from(body).getLong("id");
    assertThat(charges(id).get(0).getBodyAsString()).contains("\"amount\":20.29");
  }

  @Test
  void currencyDefaultsToYen() {
    createOrder(
            """
            {"customer_email": "%s", "customer_name": "Ann",
             "items": [{"product_name": "Pen", "quantity": 1, "unit_price": 100}]}"""
                .formatted(uniqueEmail()))
        .statusCode(201)
        .body("currency", equalTo("JPY"));
  }

  @Test
  void createWorksWithAndWithoutTrailingSlash() {
    api()
        .contentType(ContentType.JSON)
        .body(orderJson(uniqueEmail(), uniqueAmount()))
        .post("/orders")
        .then()
        .statusCode(201);
    api().get("/orders").then().statusCode(200);
    api().get("/orders/").then().statusCode(200);
  }

  @Test
  void getAnswersTheOrderAndUnknownIdsAre404Problems() {
    long id = createPaidOrder();
    api().get("/orders/" + id).then().statusCode(200).body("id", equalTo((int) id));
    api()
        .get("/orders/999999999")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("title", equalTo("Not Found"))
        .body("detail", containsString("999999999"));
    api().get("/orders/abc").then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void listPagesByIdWithTotalCount() {
    long first = createPaidOrder();
    long second = createPaidOrder();
    int total =
        Integer.parseInt(
            api().get("/orders/").then().statusCode(200).extract().header("X-Total-Count"));
    assertThat(total).isGreaterThanOrEqualTo(2);

    List<Integer> page =
        api()
            .queryParam("skip", total - 2)
            .queryParam("limit", 2)
            .get("/orders/")
            .then()
            .statusCode(200)
            .header("X-Total-Count", String.valueOf(total))
            .extract()
            .jsonPath()
            .getList("id");
    assertThat(page).containsExactly((int) first, (int) second);
    api().get("/orders/").then().body("size()", equalTo(Math.min(total, 20)));
  }

  @Test
  void listRejectsBadPaging() {
    for (String query : List.of("limit=0", "limit=101", "limit=x", "skip=-1", "skip=1.5")) {
      api()
          .get("/orders/?" + query)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", startsWith("The query parameter"));
    }
    api().get("/orders/?limit=100").then().statusCode(200);
  }

  @Test
  void shippingSendsTheShippedMailAndDeliveryFollows() {
    long id = createPaidOrder();
    api()
        .contentType(ContentType.JSON)
        .body("{\"status\": \"SHIPPED\"}")
        .put("/orders/" + id + "/status")
        .then()
        .statusCode(200)
        .body("status", equalTo("shipped"));
    assertThat(awaitMail(id, "ORDER_SHIPPED").getHeader("Idempotency-Key"))
        .isEqualTo("order-" + id + "-ORDER_SHIPPED");

    api()
        .contentType(ContentType.JSON)
        .body("{\"status\": \"delivered\"}")
        .put("/orders/" + id + "/status")
        .then()
        .statusCode(200)
        .body("status", equalTo("delivered"));
  }

  @Test
  void forbiddenMovesAre409AndChangeNothing() {
    long id = createPaidOrder();
    String before = api().get("/orders/" + id).then().extract().asString();
    for (String target : List.of("delivered", "paid", "payment_processing", "pending")) {
      api()
          .contentType(ContentType.JSON)
          .body("{\"status\": \"" + target + "\"}")
          .put("/orders/" + id + "/status")
          .then()
          .statusCode(409)
          .contentType("application/problem+json");
    }
    assertThat(api().get("/orders/" + id).then().extract().asString()).isEqualTo(before);
    awaitMail(id, "ORDER_CONFIRMATION");
    assertThat(allMails(id)).hasSize(1); // the confirmation only
  }

  @Test
  void deliveredAndCancelledAreFinal() {
    long delivered = createPaidOrder();
    putStatus(delivered, "shipped").statusCode(200);
    putStatus(delivered, "delivered").statusCode(200);
    for (String target : List.of("shipped", "cancelled", "delivered")) {
      putStatus(delivered, target).statusCode(409);
    }
    api().delete("/orders/" + delivered).then().statusCode(409);

    long cancelled = createPaidOrder();
    api().delete("/orders/" + cancelled).then().statusCode(200);
    for (String target : List.of("shipped", "delivered", "cancelled")) {
      putStatus(cancelled, target).statusCode(409);
    }
    api().delete("/orders/" + cancelled).then().statusCode(409);
  }

  @Test
  void statusChangeNeedsAKnownStatus() {
    long id = createPaidOrder();
    putStatus(id, "lost")
        .statusCode(422)
        .body("errors.field", hasItem("status"))
        .body("errors[0].message", containsString("shipped"));
    api()
        .contentType(ContentType.JSON)
        .body("{}")
        .put("/orders/" + id + "/status")
        .then()
        .statusCode(422);
    putStatus(999_999_999L, "shipped").statusCode(404);
  }

  @Test
  void cancellingAPaidOrderRefundsItThenMails() {
    long id = createPaidOrder();
    api().delete("/orders/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
    List<LoggedRequest> refunds = refunds(id);
    assertThat(refunds).hasSize(1);
    JsonPath refund = JsonPath.from(refunds.get(0).getBodyAsString());
    assertThat(refund.getLong("payment_id")).isEqualTo(id + 500); // as the stand-in numbers it
    assertThat(refund.getString("reason")).isEqualTo("order_cancelled");
    awaitMail(id, "ORDER_CANCELLED");
  }

  @Test
  void cancellingThroughTheStatusEndpointAlsoRefunds() {
    long id = createPaidOrder();
    putStatus(id, "cancelled").statusCode(200).body("status", equalTo("cancelled"));
    assertThat(refunds(id)).hasSize(1);
  }

  @Test
  void shippedOrdersCannotBeCancelled() {
    long id = createPaidOrder();
    putStatus(id, "shipped").statusCode(200);
    api()
        .delete("/orders/" + id)
        .then()
        .statusCode(409)
        .body("detail", endsWith("is not allowed from that status."));
    assertThat(refunds(id)).isEmpty();
    api().get("/orders/" + id).then().body("status", equalTo("shipped"));
  }

  @Test
  void unknownPathsAndMethodsAreProblems() {
    api().get("/nothing-here").then().statusCode(404).contentType("application/problem+json");
    api().patch("/orders/1").then().statusCode(405).contentType("application/problem+json");
  }
}
