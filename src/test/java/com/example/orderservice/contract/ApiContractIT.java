package com.example.orderservice.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.example.orderservice.support.ServiceIT;
import com.example.orderservice.support.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The served OpenAPI document is the contract: it is the file in the WAR, and every answer below
 * (successes and problems of each operation) is validated against it by Atlassian's
 * swagger-request-validator. A field renamed, a status or header not documented, a problem body of
 * another shape fails here.
 */
class ApiContractIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  private String served;
  private OpenApiValidationFilter strict;
  private OpenApiValidationFilter answersOnly;

  @BeforeEach
  void loadServedDocument() {
    String document =
        given()
            .baseUri(base.toString())
            .get("/openapi")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    served = withoutRuntimeAdditions(document);
    String contextPath = base.getPath().replaceAll("/$", "");
    strict = new OpenApiValidationFilter(validator(contextPath, false));
    answersOnly = new OpenApiValidationFilter(validator(contextPath, true));
  }

  /**
   * The served document less what Payara adds on its own: a top-level {@code endpoints} map (not an
   * OpenAPI field) listing the URLs it serves the paths at. Kept in target/ for a look.
   */
  private static String withoutRuntimeAdditions(String document) {
    Map<String, Object> tree = new Yaml().load(document);
    tree.remove("endpoints");
    String cleaned = new Yaml().dump(tree);
    try {
      Files.writeString(Path.of("target", "served-openapi.yaml"), document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cleaned;
  }

  private OpenApiInteractionValidator validator(String contextPath, boolean answersOnly) {
    LevelResolver.Builder levels = LevelResolver.create();
    if (answersOnly) {
      // For calls that are wrong on purpose (to see their problem answers).
      levels.withLevel("validation.request", ValidationReport.Level.IGNORE);
    }
    return OpenApiInteractionValidator.createForInlineApiSpecification(served)
        .withBasePathOverride(contextPath.isEmpty() ? "/" : contextPath)
        .withLevelResolver(levels.build())
        .build();
  }

  private RequestSpecification checked() {
    return api().filter(strict);
  }

  private RequestSpecification answerChecked() {
    return api().filter(answersOnly);
  }

  @Test
  void theServedDocumentIsTheContractFileInTheWar() throws IOException {
    OpenAPI servedApi = new OpenAPIV3Parser().readContents(served).getOpenAPI();
    OpenAPI file;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/openapi.yaml")) {
      file =
          new OpenAPIV3Parser()
              .readContents(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .getOpenAPI();
    }
    assertThat(servedApi.getInfo().getTitle()).isEqualTo("Order Service API");
    assertThat(operations(servedApi)).isEqualTo(operations(file)).hasSize(16);
    assertThat(servedApi.getComponents().getSecuritySchemes()).containsKey("bearer");
  }

  /** "METHOD path" to operationId, for every operation. */
  private static Map<String, String> operations(OpenAPI api) {
    Map<String, String> operations = new TreeMap<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, op) -> operations.put(method + " " + path, operationId(op))));
    return operations;
  }

  private static String operationId(Operation op) {
    assertThat(op.getSummary()).isNotBlank();
    assertThat(op.getTags()).isNotEmpty();
    return op.getOperationId();
  }

  @Test
  void anOrdersLifeMatchesTheDocument() {
    String email = uniqueEmail();
    long id =
        checked()
            .contentType(ContentType.JSON)
            .body(orderJson(email, uniqueAmount()))
            .post("/orders")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    String etag = checked().get("/orders/" + id).then().statusCode(200).extract().header("ETag");
    checked().queryParam("customer_email", email).get("/orders").then().statusCode(200);
    checked()
        .queryParam("status", "paid")
        .queryParam("sort", "-created_at")
        .queryParam("limit", 2)
        .get("/orders")
        .then()
        .statusCode(200);
    checked()
        .header("If-Match", etag)
        .contentType(ContentType.JSON)
        .body("{\"status\": \"shipped\"}")
        .put("/orders/" + id + "/status")
        .then()
        .statusCode(200);
    checked()
        .header("If-Match", etag)
        .contentType(ContentType.JSON)
        .body("{\"status\": \"delivered\"}")
        .put("/orders/" + id + "/status")
        .then()
        .statusCode(412);
    checked().get("/orders/" + id + "/history").then().statusCode(200);
    checked().delete("/orders/" + id).then().statusCode(409);

    long second = createPaidOrder();
    checked().delete("/orders/" + second).then().statusCode(200);
    checked().get("/admin/outbox?order_id=" + second).then().statusCode(200);
  }

  @Test
  void problemAnswersMatchTheDocument() {
    answerChecked().get("/orders/999999999").then().statusCode(404);
    answerChecked().get("/orders?limit=0").then().statusCode(400);
    answerChecked()
        .contentType(ContentType.JSON)
        .body(orderJson("not-an-address", 100))
        .post("/orders")
        .then()
        .statusCode(422);
    answerChecked()
        .contentType(ContentType.JSON)
        .body("{\"customer_email\": ")
        .post("/orders")
        .then()
        .statusCode(400);
    given()
        .baseUri(base.toString())
        .basePath("/api/v1")
        .filter(answersOnly)
        .get("/orders")
        .then()
        .statusCode(401);
    given()
        .baseUri(base.toString())
        .basePath("/api/v1")
        .header("Authorization", "Bearer " + TestTokens.storefront())
        .filter(answersOnly)
        .contentType(ContentType.JSON)
        .body("{\"status\": \"shipped\"}")
        .put("/orders/" + createPaidOrder() + "/status")
        .then()
        .statusCode(403);
  }

  @Test
  void anImportsLifeMatchesTheDocument() {
    String r = UUID.randomUUID().toString().substring(0, 8);
    String csv =
        "order_ref,customer_email,customer_name,product_name,quantity,unit_price,currency\n"
            + r
            + "-1,c-"
            + r
            + "@example.com,Ann,Pen,2,100,JPY\n"
            + r
            + "-2,d-"
            + r
            + "@example.com,Bob,Mug,0,100,JPY\n";
    long id =
        checked()
            .contentType("text/csv")
            .queryParam("file_name", "contract.csv")
            .body(csv.getBytes(StandardCharsets.UTF_8))
            .post("/order-imports")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath()
            .getLong("id");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                checked()
                    .get("/order-imports/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getString("status")
                    .startsWith("completed"));
    checked().get("/order-imports/" + id + "/errors").then().statusCode(200);
    checked().accept("text/csv").get("/order-imports/" + id + "/errors").then().statusCode(200);
    checked().get("/order-imports?limit=5").then().statusCode(200);
    checked().get("/orders?import_id=" + id).then().statusCode(200);
    checked().post("/order-imports/" + id + "/restart").then().statusCode(409);
    checked().get("/admin/outbox?status=dead&limit=5").then().statusCode(200);
  }
}
