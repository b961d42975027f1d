package com.example.orderservice.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;

import com.example.orderservice.support.ServiceIT;
import com.example.orderservice.support.StandInPeers;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** Every rule and answer of bulk-import.md, against the real server. */
class ImportApiIT extends ServiceIT {

  private static final String HEADER =
      "order_ref,customer_email,customer_name,product_name,quantity,unit_price,currency\n";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  /** A prefix no other test uses, so refs and e-mails are this test's own. */
  private static String run() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void groupsRowsIntoOrdersAndRejectsBrokenOrdersWhole() {
    String r = run();
    String csv =
        "order_ref,customer_email,customer_name,product_name,quantity,unit_price,currency,note\n"
            + r
            + "-1,a-"
            + r
            + "@example.com,Ann,Pen,2,100,JPY,gift\n"
            + r
            + "-1,a-"
            + r
            + "@example.com,Ann,Ink,1,50,JPY,\n"
            + r
            + "-2,b-"
            + r
            + "@example.com,Bob,Mug,0,100,JPY,\n"
            + r
            + "-2,b-"
            + r
            + "@example.com,Bob,Cup,1,100,JPY,\n"
            + r
            + "-3,\"c-"
            + r
            + "@example.com\",\"Cy, \"\"Jr.\"\"\",Cup,1,12.50,USD,\n"
            + r
            + "-4,d-"
            + r
            + "@example.com,Di,Pen,1,1.5,JPY,\n"
            + r
            + "-5,e-"
            + r
            + "@example.com,Ed,Pen,1,100,JPY,\n"
            + r
            + "-5,e-"
            + r
            + "@example.com,Eddie,Pen,1,100,JPY,\n";
    JsonPath done = finished(uploadCsv(csv, "orders.csv", StandardCharsets.UTF_8));
    assertThat(done.getString("status")).isEqualTo("completed_with_errors");
    assertThat(done.getString("file_name")).isEqualTo("orders.csv");
    assertThat(done.getInt("total_rows")).isEqualTo(8);
    assertThat(done.getInt("processed_rows")).isEqualTo(8);
    assertThat(done.getInt("orders_created")).isEqualTo(2);
    assertThat(done.getInt("orders_paid")).isEqualTo(2);
    assertThat(done.getInt("orders_rejected")).isEqualTo(3);
    assertThat(done.getList("warnings", String.class))
        .containsExactly("unknown column 'note' ignored");

    long id = done.getLong("id");
    List<Map<String, Object>> errors =
        api().get("/order-imports/" + id + "/errors").then().statusCode(200).extract().path("$");
    assertThat(errors)
        .extracting(e -> e.get("line"), e -> e.get("order_ref"), e -> e.get("column"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(4, r + "-2", "quantity"),
            org.assertj.core.groups.Tuple.tuple(7, r + "-4", "unit_price"),
            org.assertj.core.groups.Tuple.tuple(9, r + "-5", "customer_name"));
    assertThat(errors.get(1).get("message").toString()).contains("JPY");

    String asCsv =
        api()
            .accept("text/csv")
            .get("/order-imports/" + id + "/errors")
            .then()
            .statusCode(200)
            .contentType(matchesPattern("text/csv.*"))
            .extract()
            .asString();
    assertThat(asCsv)
        .startsWith("line,order_ref,column,message")
        .contains("4," + r + "-2,quantity,");

    JsonPath orders =
        api().get("/orders/?import_id=" + id).then().statusCode(200).extract().jsonPath();
    assertThat(orders.getList("order_ref")).containsExactly(r + "-1", r + "-3");
    assertThat(orders.getList("source_lines")).containsExactly("2-3", "6");
    assertThat(orders.getList("status")).containsOnly("paid");
    assertThat(orders.getString("[1].customer_name")).isEqualTo("Cy, \"Jr.\"");
    assertThat(orders.getString("[0].items.product_name")).isEqualTo("[Pen, Ink]");
    for (Object orderId : orders.getList("id")) {
      assertThat(charges(((Number) orderId).longValue())).hasSize(1);
    }
  }

  @Test
  void theSameBytesAgainAnswerTheEarlierImport() {
    String r = run();
    String csv = HEADER + r + "-1,x-" + r + "@example.com,X,Pen,1,100,JPY\n";
    Response first = uploadCsv(csv, null, StandardCharsets.UTF_8);
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.header("Location")).matches(".*/api/v1/order-imports/\\d+");
    long id = first.jsonPath().getLong("id");
    finished(first);
    Response again = uploadCsv(csv, null, StandardCharsets.UTF_8);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.jsonPath().getLong("id")).isEqualTo(id);
    assertThat(api().get("/orders/?import_id=" + id).then().extract().jsonPath().getList("id"))
        .hasSize(1);
  }

  @Test
  void anOrderRefImportedBeforeForTheSameCustomerIsADuplicate() {
    String r = run();
    String row = r + "-1,x-" + r + "@example.com,X,Pen,1,100,JPY\n";
    finished(uploadCsv(HEADER + row, null, StandardCharsets.UTF_8));
    JsonPath second =
        finished(
            uploadCsv(
                HEADER + row + r + "-2,x-" + r + "@example.com,X,Pen,1,100,JPY\n",
                null,
                StandardCharsets.UTF_8));
    assertThat(second.getInt("orders_created")).isEqualTo(1); // the new order only
    assertThat(second.getInt("orders_rejected")).isEqualTo(1);
    assertThat(
            api()
                .get("/order-imports/" + second.getLong("id") + "/errors")
                .then()
                .extract()
                .jsonPath()
                .getString("[0].message"))
        .contains("already imported");
  }

  @Test
  void rowsOfOneOrderMustStandTogether() {
    String r = run();
    String a = r + "-1,a-" + r + "@example.com,A,Pen,1,100,JPY\n";
    String b = r + "-2,b-" + r + "@example.com,B,Pen,1,100,JPY\n";
    JsonPath done = finished(uploadCsv(HEADER + a + b + a, null, StandardCharsets.UTF_8));
    assertThat(done.getInt("orders_created")).isEqualTo(2);
    assertThat(done.getInt("orders_rejected")).isEqualTo(1);
    JsonPath error =
        api().get("/order-imports/" + done.getLong("id") + "/errors").then().extract().jsonPath();
    assertThat(error.getInt("[0].line")).isEqualTo(4);
    assertThat(error.getString("[0].message")).contains("must stand together");
  }

  @Test
  void shiftJisAndTheUtf8BomAreRead() {
    String r = run();
    String csv = HEADER + r + "-1,t-" + r + "@example.com,田中太郎,ノートPC,2,89800,JPY\n";
    JsonPath sjis = finished(uploadCsv(csv, null, Charset.forName("Shift_JIS")));
    assertThat(sjis.getString("status")).isEqualTo("completed");
    assertThat(
            api()
                .get("/orders/?import_id=" + sjis.getLong("id"))
                .then()
                .extract()
                .jsonPath()
                .getString("[0].customer_name"))
        .isEqualTo("田中太郎");

    String r2 = run();
    String bom =
        "\uFEFF"
            + HEADER.toUpperCase().replace(",", " , ")
            + r2
            + "-1,t-"
            + r2
            + "@example.com,田中太郎,ノートPC,2,89800,JPY\r\n";
    JsonPath withBom = finished(uploadCsv(bom, null, StandardCharsets.UTF_8));
    assertThat(withBom.getString("status")).isEqualTo("completed");
    assertThat(withBom.getInt("orders_created")).isEqualTo(1);
  }

  @Test
  void aMultipartUploadIsTheSameAsABody() {
    String r = run();
    String csv = HEADER + r + "-1,m-" + r + "@example.com,M,Pen,1,100,JPY\n";
    Response response =
        api()
            .multiPart("file", "upload.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
            .post("/order-imports");
    assertThat(response.statusCode()).isEqualTo(202);
    JsonPath done = finished(response);
    assertThat(done.getString("file_name")).isEqualTo("upload.csv");
    assertThat(done.getInt("orders_paid")).isEqualTo(1);
  }

  @Test
  void aJsonBatchIsAnImport() {
    String r = run();
    String batch =
        "{\"orders\": ["
            + order(r + "-1", "j-" + r + "@example.com")
            + ", {\"customer_email\": \"nope\", \"customer_name\": \"N\", \"items\": []}"
            + ", "
            + order(null, "k-" + r + "@example.com")
            + "]}";
    Response response = api().contentType(ContentType.JSON).body(batch).post("/orders/batch");
    assertThat(response.statusCode()).isEqualTo(202);
    JsonPath done = finished(response);
    assertThat(done.getString("source")).isEqualTo("json");
    assertThat(done.getInt("orders_created")).isEqualTo(2);
    assertThat(done.getInt("orders_rejected")).isEqualTo(1);
    JsonPath errors =
        api().get("/order-imports/" + done.getLong("id") + "/errors").then().extract().jsonPath();
    assertThat(errors.getList("line")).containsOnly(2);
    assertThat(errors.getList("column")).contains("customer_email", "items");
  }

  @Test
  void aBatchOfMoreThan10000OrdersIs413AndStoresNothing() {
    int before = importCount();
    StringBuilder batch = new StringBuilder("{\"orders\": [");
    for (int i = 0; i < 10_001; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"customer_email\":\"a@b.co\"}");
    }
    batch.append("]}");
    api()
        .contentType(ContentType.JSON)
        .body(batch.toString())
        .post("/orders/batch")
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
    api()
        .contentType(ContentType.JSON)
        .body("{\"orders\": 5}")
        .post("/orders/batch")
        .then()
        .statusCode(400);
    assertThat(importCount()).isEqualTo(before);
  }

  @Test
  void anUploadOverTheLimitIs413AndStoresNothing() {
    int before = importCount();
    // The test server allows 2 MiB (IMPORT_MAX_BYTES in the pom).
    String big = HEADER + ("x".repeat(1000) + "\n").repeat(2200);
    uploadCsv(big, null, StandardCharsets.UTF_8)
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
    assertThat(importCount()).isEqualTo(before);
  }

  @Test
  void aFileWithoutTheRequiredColumnsFails() {
    JsonPath done =
        finished(
            uploadCsv(
                "order_ref,customer_email\n" + run() + ",a@b.co\n", null, StandardCharsets.UTF_8));
    assertThat(done.getString("status")).isEqualTo("failed");
    assertThat(done.getString("error")).contains("customer_name").contains("unit_price");
  }

  @Test
  void importsAreListedNewestFirstAndUnknownOnesAre404() {
    long id =
        finished(
                uploadCsv(HEADER + run() + ",z@b.co,Z,Pen,1,1,JPY\n", null, StandardCharsets.UTF_8))
            .getLong("id");
    List<Integer> ids =
        api().get("/order-imports?limit=5").then().statusCode(200).extract().path("id");
    assertThat(ids.get(0)).isEqualTo((int) id);
    assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    api()
        .get("/order-imports/999999")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    api().get("/order-imports?limit=0").then().statusCode(400);
    api().post("/order-imports/" + id + "/restart").then().statusCode(409);
  }

  @Test
  void aStoppedImportRestartsWhereItLeftOffAndChargesEachOrderOnce() {
    String r = run();
    long base = ThreadLocalRandom.current().nextLong(1_000_000, 900_000_000);
    String thisImportsAmounts =
        "$[?(@.amount >= " + base + " && @.amount < " + (base + 1000) + ")]";
    stub(payment(), StandInPeers.slowCompletedCharge(thisImportsAmounts));
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 0; i < 120; i++) {
      csv.append(r)
          .append('-')
          .append(i)
          .append(",s")
          .append(i)
          .append('-')
          .append(r)
          .append("@example.com,S,Pen,1,")
          .append(base + i)
          .append(",JPY\n");
    }
    Response upload = uploadCsv(csv.toString(), null, StandardCharsets.UTF_8);
    long id = upload.jsonPath().getLong("id");
    // Stopped while the charge step runs: the payment peer has had the first charges.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !chargesMatching(thisImportsAmounts).isEmpty());
    api().delete("/order-imports/" + id).then().statusCode(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "stopped".equals(importOf(id).getString("status")));
    JsonPath stopped = importOf(id);
    assertThat(stopped.getInt("orders_paid")).isLessThan(120);

    api().post("/order-imports/" + id + "/restart").then().statusCode(202);
    JsonPath done = finishedImport(id);
    assertThat(done.getString("status")).isEqualTo("completed");
    assertThat(done.getInt("orders_created")).isEqualTo(120);
    assertThat(done.getInt("orders_paid")).isEqualTo(120);
    for (Object orderId :
        api().get("/orders/?limit=100&import_id=" + id).then().extract().jsonPath().getList("id")) {
      assertThat(charges(((Number) orderId).longValue())).hasSize(1);
    }
  }

  private static String order(String ref, String email) {
    return "{"
        + (ref == null ? "" : "\"order_ref\": \"" + ref + "\", ")
        + "\"customer_email\": \""
        + email
        + "\", \"customer_name\": \"J\","
        + " \"items\": [{\"product_name\": \"P\", \"quantity\": 2, \"unit_price\": 10}]}";
  }

  private Response uploadCsv(String csv, String fileName, Charset charset) {
    var request =
        api().contentType("text/csv; charset=" + charset.name()).body(csv.getBytes(charset));
    if (fileName != null) {
      request.queryParam("file_name", fileName);
    }
    return request.post("/order-imports");
  }
}
