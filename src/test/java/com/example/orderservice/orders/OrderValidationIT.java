package com.example.orderservice.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.example.orderservice.support.ServiceIT;
import io.restassured.http.ContentType;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input to POST /orders gets a 4xx problem naming the field; nothing is saved or charged. */
class OrderValidationIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  private static final String ITEM =
      "{\"product_name\": \"Pen\", \"quantity\": 1, \"unit_price\": 100}";

  static Stream<Arguments> invalidOrders() {
    return Stream.of(
        Arguments.of(
            "customer_email", body("\"not-an-email\"", "\"Ann\"", "[" + ITEM + "]", "\"JPY\"")),
        Arguments.of("customer_email", body("\"a@b\"", "\"Ann\"", "[" + ITEM + "]", "\"JPY\"")),
        Arguments.of("customer_email", body("null", "\"Ann\"", "[" + ITEM + "]", "\"JPY\"")),
        Arguments.of(
            "customer_email",
            body(
                "\"" + "a".repeat(250) + "@example.com\"", "\"Ann\"", "[" + ITEM + "]", "\"JPY\"")),
        Arguments.of(
            "customer_name", body("\"a@example.com\"", "\"  \"", "[" + ITEM + "]", "\"JPY\"")),
        Arguments.of(
            "customer_name",
            body("\"a@example.com\"", "\"" + "名".repeat(201) + "\"", "[" + ITEM + "]", "\"JPY\"")),
        Arguments.of("items", body("\"a@example.com\"", "\"Ann\"", "[]", "\"JPY\"")),
        Arguments.of("items", body("\"a@example.com\"", "\"Ann\"", "null", "\"JPY\"")),
        Arguments.of(
            "currency", body("\"a@example.com\"", "\"Ann\"", "[" + ITEM + "]", "\"EURO\"")),
        Arguments.of("currency", body("\"a@example.com\"", "\"Ann\"", "[" + ITEM + "]", "\"jpy\"")),
        Arguments.of("currency", body("\"a@example.com\"", "\"Ann\"", "[" + ITEM + "]", "\"XYZ\"")),
        Arguments.of("items[0].quantity", item("\"Pen\"", "0", "100", "JPY")),
        Arguments.of("items[0].quantity", item("\"Pen\"", "10001", "100", "JPY")),
        Arguments.of("items[0].quantity", item("\"Pen\"", "null", "100", "JPY")),
        Arguments.of("items[0].unit_price", item("\"Pen\"", "1", "-1", "JPY")),
        Arguments.of("items[0].unit_price", item("\"Pen\"", "1", "100.5", "JPY")),
        Arguments.of("items[0].unit_price", item("\"Pen\"", "1", "1.001", "USD")),
        Arguments.of("items[0].unit_price", item("\"Pen\"", "1", "null", "JPY")),
        Arguments.of("items[0].product_name", item("\"\"", "1", "100", "JPY")),
        Arguments.of(
            "items[0].product_name", item("\"" + "x".repeat(201) + "\"", "1", "100", "JPY")),
        // What the database refuses must be refused first (issue 9, finding 4): NUL in text, and
        // a total beyond orders.total_amount NUMERIC(19,4) although each item is within limits.
        Arguments.of("items[0].product_name", item("\"P\\u0000en\"", "1", "100", "JPY")),
        Arguments.of(
            "customer_name",
            body("\"a@example.com\"", "\"A\\u0000\"", "[" + ITEM + "]", "\"JPY\"")),
        Arguments.of(
            "items",
            body(
                "\"a@example.com\"",
                "\"Ann\"",
                "[{\"product_name\": \"Gold\", \"quantity\": 10000, \"unit_price\": 999999999999},"
                    + " {\"product_name\": \"Gold\", \"quantity\": 10000,"
                    + " \"unit_price\": 999999999999}]",
                "\"JPY\"")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidOrders")
  void brokenRulesAre422NamingTheField(String field, String json) {
    int before = orderCount();
    createOrder(json)
        .statusCode(422)
        .contentType("application/problem+json")
        .body("status", equalTo(422))
        .body("errors.field", hasItem(field));
    assertThat(orderCount()).isEqualTo(before);
  }

  @Test
  void everyBrokenRuleIsListed() {
    createOrder(
            "{\"customer_email\": \"x\", \"items\": [{\"quantity\": 0, \"unit_price\": 0.123}],"
                + " \"currency\": \"USD\"}")
        .statusCode(422)
        .body(
            "errors.field",
            org.hamcrest.Matchers.containsInAnyOrder(
                "customer_email",
                "customer_name",
                "items[0].product_name",
                "items[0].quantity",
                "items[0].unit_price"));
  }

  @Test
  void malformedJsonIs400() {
    int before = orderCount();
    for (String json :
        new String[] {
          "{bad",
          "",
          "[]",
          "\"text\"",
          "{\"items\": \"many\"}",
          "{\"items\": [{\"quantity\": \"two\"}]}"
        }) {
      createOrder(json).statusCode(400).contentType("application/problem+json");
    }
    assertThat(orderCount()).isEqualTo(before);
  }

  @Test
  void otherMediaTypesAre415() {
    api()
        .contentType(ContentType.TEXT)
        .body(orderJson(uniqueEmail(), 100))
        .post("/orders/")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
  }

  @Test
  void oversizedBodiesAre413() {
    String huge = "{\"customer_name\": \"" + "x".repeat(1_100_000) + "\"}";
    createOrder(huge).statusCode(413).contentType("application/problem+json");
  }

  @Test
  void nothingIsChargedOrMailedForARejectedOrder() {
    String email = uniqueEmail();
    createOrder(
            "{\"customer_email\": \""
                + email
                + "\", \"customer_name\": \"Ann\", \"items\": [{\"product_name\": \"Pen\","
                + " \"quantity\": -1, \"unit_price\": 100}]}")
        .statusCode(422);
    assertThat(
            notification()
                .findAll(
                    com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                            com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(
                                "/api/v1/notifications/email"))
                        .withRequestBody(
                            com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                                "$.to",
                                com.github.tomakehurst.wiremock.client.WireMock.equalTo(email)))))
        .isEmpty();
  }

  private int orderCount() {
    return Integer.parseInt(api().get("/orders/?limit=1").then().extract().header("X-Total-Count"));
  }

  private static String body(String email, String name, String items, String currency) {
    return "{\"customer_email\": %s, \"customer_name\": %s, \"items\": %s, \"currency\": %s}"
        .formatted(email, name, items, currency);
  }

  private static String item(String name, String quantity, String price, String currency) {
    return body(
        "\"a@example.com\"",
        "\"Ann\"",
        "[{\"product_name\": %s, \"quantity\": %s, \"unit_price\": %s}]"
            .formatted(name, quantity, price),
        "\"" + currency + "\"");
  }
}
