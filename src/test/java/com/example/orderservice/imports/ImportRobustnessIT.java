package com.example.orderservice.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.example.orderservice.support.ServiceIT;
import com.example.orderservice.support.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, findings 4 and 8: rows the database would refuse are rejected alone, with their line,
 * and the import finishes; concurrent imports of the same order numbers never fail a chunk; a JSON
 * batch's Idempotency-Key answers the import it made.
 */
class ImportRobustnessIT extends ServiceIT {

  private static final String HEADER =
      "order_ref,customer_email,customer_name,product_name,quantity,unit_price\n";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  private static String run() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static String row(String ref, String email, String name, String product, String qty) {
    return ref + "," + email + "," + name + "," + product + "," + qty + ",100\n";
  }

  @Test
  void rowsBeyondTheDatabasesLimitsAreRejectedWithTheirLinesAndTheRestIsImported() {
    String r = run();
    String csv =
        HEADER
            + row(r + "-1", "a-" + r + "@example.com", "Ann", "Pen", "1") // line 2: good
            // lines 3-4: each item within its limits, the total (2 × 10^16) is not
            + r
            + "-2,b-"
            + r
            + "@example.com,Bob,Gold,10000,999999999999\n"
            + r
            + "-2,b-"
            + r
            + "@example.com,Bob,Gold,10000,999999999999\n"
            + row(r + "-3", "c-" + r + "@example.com", "C\u0000y", "Pen", "1") // line 5: NUL
            + row(r + "-4\u0000x", "d-" + r + "@example.com", "Di", "Pen", "1") // line 6
            + row("R".repeat(300), "e-" + r + "@example.com", "Ed", "Pen", "1") // line 7
            + row(r + "-6", "f-" + r + "@example.com", "Fay", "P\u0000en", "1") // line 8
            + row(r + "-7", "g-" + r + "@example.com", "Gil", "Pen", "1\u00001") // line 9
            + row(r + "-8", "h-" + r + "@example.com", "Hal", "Pen", "2"); // line 10: good
    JsonPath done = finished(uploadCsv(csv));
    assertThat(done.getString("status")).isEqualTo("completed_with_errors");
    assertThat(done.getInt("processed_rows")).isEqualTo(9);
    assertThat(done.getInt("orders_created")).isEqualTo(2);
    assertThat(done.getInt("orders_rejected")).isEqualTo(6);
    List<Map<String, Object>> errors = errors(done.getLong("id"));
    assertThat(errors)
        .extracting(e -> e.get("line"), e -> e.get("column"))
        .containsExactly(
            tuple(3, "items"),
            tuple(5, "customer_name"),
            tuple(6, "order_ref"),
            tuple(7, "order_ref"),
            tuple(8, "product_name"),
            tuple(9, "quantity"));
    assertThat(errors.get(0).get("message").toString()).contains("less than 1000000000000000");
    assertThat(errors.get(1).get("message").toString()).contains("NUL");
    assertThat(errors.get(2).get("order_ref").toString()).isEqualTo(r + "-4\\u0000x");
    assertThat(errors.get(3).get("order_ref").toString()).hasSize(255);
    JsonPath orders =
        api()
            .get("/orders/?import_id=" + done.getLong("id"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(orders.getList("order_ref")).containsExactly(r + "-1", r + "-8");
    assertThat(orders.getList("source_lines")).containsExactly("2", "10");
  }

  @Test
  void aRowTheDatabaseRefusesAnywayIsRejectedAloneAndTheImportFinishes() {
    String r = run();
    // A rule only the database knows stands for any refusal the validator cannot foresee.
    String constraint = "it_refuses_" + r.replace('-', '_');
    TestDatabase.execute(
        "ALTER TABLE orders ADD CONSTRAINT "
            + constraint
            + " CHECK (customer_name <> 'Refused "
            + r
            + "') NOT VALID");
    try {
      StringBuilder csv = new StringBuilder(HEADER);
      for (int i = 0; i < 30; i++) {
        String name = i == 7 ? "Refused " + r : "Ok";
        csv.append(row(r + "-" + i, "x" + i + "-" + r + "@example.com", name, "Pen", "1"));
      }
      JsonPath done = finished(uploadCsv(csv.toString()));
      assertThat(done.getString("status")).isEqualTo("completed_with_errors");
      assertThat(done.getInt("processed_rows")).isEqualTo(30);
      assertThat(done.getInt("orders_created")).isEqualTo(29);
      assertThat(done.getInt("orders_rejected")).isEqualTo(1);
      List<Map<String, Object>> errors = errors(done.getLong("id"));
      assertThat(errors)
          .extracting(e -> e.get("line"), e -> e.get("order_ref"))
          .containsExactly(tuple(9, r + "-7"));
      assertThat(errors.get(0).get("message").toString())
          .startsWith("the order was not created")
          .doesNotContain("constraint", "SQL", "Exception", constraint);
    } finally {
      TestDatabase.execute("ALTER TABLE orders DROP CONSTRAINT " + constraint);
    }
  }

  @Test
  void concurrentImportsOfTheSameOrderNumbersEachCreateEveryOrderOnceAndNeitherFails() {
    String r = run();
    int orders = 60;
    List<Response> uploads = new ArrayList<>();
    List<CompletableFuture<Response>> sent = new ArrayList<>();
    for (String product : List.of("Pen", "Ink", "Cup")) {
      // Different bytes (the product), the same (customer, order_ref): not recognised as a resend.
      StringBuilder csv = new StringBuilder(HEADER);
      for (int i = 0; i < orders; i++) {
        csv.append(row(r + "-" + i, "c" + i + "-" + r + "@example.com", "C", product, "1"));
      }
      sent.add(CompletableFuture.supplyAsync(() -> uploadCsv(csv.toString())));
    }
    sent.forEach(f -> uploads.add(f.join()));
    long created = 0;
    long rejected = 0;
    for (Response upload : uploads) {
      JsonPath done = finished(upload);
      assertThat(done.getString("status")).isIn("completed", "completed_with_errors");
      assertThat(done.getInt("processed_rows")).isEqualTo(orders);
      created += done.getLong("orders_created");
      rejected += done.getLong("orders_rejected");
      for (Map<String, Object> error : errors(done.getLong("id"))) {
        assertThat(error.get("message").toString()).contains("import");
      }
    }
    assertThat(created).isEqualTo(orders);
    assertThat(rejected).isEqualTo(2L * orders);
  }

  @Test
  void aBatchsIdempotencyKeyAnswersTheImportItMadeAndRefusesAnotherBody() {
    String r = run();
    String key = "batch-" + r;
    String batch = batch("k-" + r + "@example.com");
    Response first = postBatch(key, batch);
    assertThat(first.statusCode()).isEqualTo(202);
    long id = first.jsonPath().getLong("id");
    int count = importCount();

    Response again = postBatch(key, batch);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.jsonPath().getLong("id")).isEqualTo(id);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.header("Location")).endsWith("/order-imports/" + id);

    Response other = postBatch(key, batch("other-" + r + "@example.com"));
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.contentType()).startsWith("application/problem+json");
    assertThat(other.jsonPath().getString("detail")).contains("import " + id);
    assertThat(importCount()).isEqualTo(count);

    JsonPath done = finishedImport(id);
    assertThat(done.getInt("orders_created")).isEqualTo(1);
  }

  private static String batch(String email) {
    // No order_ref: only the key tells a resend from a new batch.
    return "{\"orders\": [{\"customer_email\": \""
        + email
        + "\", \"customer_name\": \"K\","
        + " \"items\": [{\"product_name\": \"P\", \"quantity\": 1, \"unit_price\": 10}]}]}";
  }

  private Response postBatch(String key, String body) {
    return api()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", key)
        .body(body)
        .post("/orders/batch");
  }

  private Response uploadCsv(String csv) {
    return api()
        .contentType("text/csv")
        .body(csv.getBytes(StandardCharsets.UTF_8))
        .post("/order-imports");
  }

  private List<Map<String, Object>> errors(long id) {
    return api().get("/order-imports/" + id + "/errors").then().statusCode(200).extract().path("$");
  }
}
