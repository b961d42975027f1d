package com.example.orderservice.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.orderservice.support.ServiceIT;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** The application's metrics in Prometheus format on the server's open metrics endpoint. */
class MetricsIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  @Test
  void aCreatedOrderIsCountedAndTheOutboxIsMeasured() {
    double before = paidCreated(scrape());
    createPaidOrder();
    String after = scrape();

    assertThat(paidCreated(after)).isEqualTo(before + 1);
    assertThat(after)
        .containsPattern("order_status_changes_total\\{[^}]*to_status=\"paid\"")
        .containsPattern("outbox_pending\\{[^}]*kind=\"email\"")
        .containsPattern("outbox_dead\\{[^}]*kind=\"refund\"")
        .contains("refunds_needing_attention")
        .containsPattern("peer_calls_total\\{(?=[^}]*outcome=\"ok\")(?=[^}]*peer=\"payment\")")
        .containsPattern("peer_call_duration_seconds_count\\{[^}]*peer=\"payment\"")
        .containsPattern("peer_call_duration_seconds_max\\{[^}]*peer=\"payment\"");
  }

  @Test
  void theBreakersAreMeasuredByFaultTolerance() {
    createPaidOrder();
    String baseScope =
        given()
            .baseUri(base.toString())
            .accept("text/plain")
            .get("/metrics?scope=base")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    assertThat(baseScope)
        .containsPattern("ft_circuitbreaker_state_total\\{[^}]*PaymentPeer.charge")
        .containsPattern("ft_invocations_total\\{[^}]*PaymentPeer.charge");
  }

  /** The application registry, as a Prometheus scraper reads it (no token). */
  private String scrape() {
    return given()
        .baseUri(base.toString())
        .accept("text/plain")
        .get("/metrics?scope=application")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  private static double paidCreated(String metrics) {
    Matcher m =
        Pattern.compile("(?m)^orders_created_total\\{[^}]*outcome=\"paid\"[^}]*} ([0-9.eE+-]+)$")
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
