package com.example.orderservice.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.example.orderservice.support.ServiceIT;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * What storefront developers expect of the list and of changes: filters, newest-first sorting, RFC
 * 8288 Link headers, ETag and If-Match (412 on a stale version, nothing changed).
 */
class OrderQueryIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  @Test
  void filtersByCustomerStatusAndCreationTimeAndSortsNewestFirst() {
    String email = uniqueEmail();
    Instant before = Instant.now().minusSeconds(1);
    long first = createOrderIn(orderJson(email, uniqueAmount()), "paid");
    long second = createOrderIn(orderJson(email, uniqueAmount()), "paid");
    long third = createOrderIn(orderJson(email, uniqueAmount()), "paid");
    putStatus(second, "shipped").statusCode(200);
    createPaidOrder(); // someone else's

    assertThat(ids(api().queryParam("customer_email", email.toUpperCase()).get("/orders")))
        .containsExactly(first, second, third);
    assertThat(
            ids(
                api()
                    .queryParam("customer_email", email)
                    .queryParam("sort", "-created_at")
                    .get("/orders")))
        .containsExactly(third, second, first);
    assertThat(
            ids(
                api()
                    .queryParam("customer_email", email)
                    .queryParam("status", "shipped")
                    .get("/orders")))
        .containsExactly(second);
    assertThat(
            ids(
                api()
                    .queryParam("customer_email", email)
                    .queryParam("created_from", before.toString())
                    .queryParam("created_to", Instant.now().plusSeconds(60).toString())
                    .get("/orders")))
        .hasSize(3);
    assertThat(
            ids(
                api()
                    .queryParam("customer_email", email)
                    .queryParam("created_to", before.toString())
                    .get("/orders")))
        .isEmpty();
  }

  @Test
  void pagesCarryLinksWithTheSameFilters() {
    String email = uniqueEmail();
    for (int i = 0; i < 3; i++) {
      createPaidOrder(email);
    }
    Response page = api().queryParam("customer_email", email).queryParam("limit", 2).get("/orders");
    page.then().statusCode(200).header("X-Total-Count", "3");
    String link = page.header("Link");
    assertThat(link)
        .contains("rel=\"first\"", "rel=\"next\"", "rel=\"last\"")
        .doesNotContain("rel=\"prev\"")
        .contains("customer_email=");
    String next = link.replaceAll(".*<([^>]*)>; rel=\"next\".*", "$1");
    Response second = follow(next);
    second.then().statusCode(200);
    assertThat(second.jsonPath().getList("id")).as("GET %s after %s", next, link).hasSize(1);
    assertThat(second.header("Link")).contains("rel=\"prev\"").doesNotContain("rel=\"next\"");
  }

  @Test
  void badFiltersAreProblems() {
    api()
        .get("/orders?status=lost")
        .then()
        .statusCode(400)
        .body("detail", containsString("status"));
    api().get("/orders?created_from=yesterday").then().statusCode(400);
    api().get("/orders?sort=name").then().statusCode(400);
  }

  @Test
  void aStaleIfMatchIsRefusedAndChangesNothing() {
    long id = createPaidOrder();
    String etag = api().get("/orders/" + id).then().statusCode(200).extract().header("ETag");
    assertThat(etag).matches("\"\\d+\"");

    String shippedTag =
        api()
            .header("If-Match", etag)
            .contentType(ContentType.JSON)
            .body("{\"status\": \"shipped\"}")
            .put("/orders/" + id + "/status")
            .then()
            .statusCode(200)
            .extract()
            .header("ETag");
    assertThat(shippedTag).isNotEqualTo(etag);

    api()
        .header("If-Match", etag)
        .contentType(ContentType.JSON)
        .body("{\"status\": \"delivered\"}")
        .put("/orders/" + id + "/status")
        .then()
        .statusCode(412)
        .contentType(containsString("application/problem+json"))
        .body("status", equalTo(412));
    api().header("If-Match", etag).delete("/orders/" + id).then().statusCode(412);
    api().get("/orders/" + id).then().body("status", equalTo("shipped"));

    api()
        .header("If-Match", shippedTag)
        .contentType(ContentType.JSON)
        .body("{\"status\": \"delivered\"}")
        .put("/orders/" + id + "/status")
        .then()
        .statusCode(200)
        .body("status", equalTo("delivered"));
  }

  @Test
  void cancellationWithTheCurrentTagGoesThrough() {
    long id = createPaidOrder();
    String etag = api().get("/orders/" + id).then().extract().header("ETag");
    api().header("If-Match", etag).delete("/orders/" + id).then().statusCode(200);
  }

  /**
   * GET of a Link target: its path, and its query parameters decoded (RestAssured encodes them).
   */
  private Response follow(String link) {
    URI target = URI.create(link);
    RequestSpecification request = api().basePath("");
    for (String parameter : target.getRawQuery().split("&")) {
      String[] nameAndValue = parameter.split("=", 2);
      request.queryParam(
          nameAndValue[0], URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
    }
    return request.get(target.getRawPath());
  }

  private void createPaidOrder(String email) {
    createOrderIn(orderJson(email, uniqueAmount()), "paid");
  }

  private static List<Long> ids(Response response) {
    response.then().statusCode(200);
    return response.jsonPath().getList("id", Long.class);
  }
}
