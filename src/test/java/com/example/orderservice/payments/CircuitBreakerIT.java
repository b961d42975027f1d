package com.example.orderservice.payments;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.example.orderservice.support.ServiceIT;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The Payment Service's circuit breaker opens after failures, answers at once while open, and
 * closes again once the peer is back. Deployed with a small breaker (a config source that outranks
 * the environment) so a few calls open it.
 */
class CircuitBreakerIT extends ServiceIT {

  private static final String PEER = "com.example.orderservice.payments.control.PaymentPeer";

  @Deployment(testable = false)
  static WebArchive deployment() {
    JavaArchive smallBreaker =
        ShrinkWrap.create(JavaArchive.class, "small-breaker.jar")
            .addAsManifestResource(
                new StringAsset(
                    String.join(
                        "\n",
                        "config_ordinal=500",
                        PEER + "/CircuitBreaker/requestVolumeThreshold=4",
                        PEER + "/CircuitBreaker/failureRatio=0.5",
                        PEER + "/CircuitBreaker/delay=3000",
                        PEER + "/CircuitBreaker/successThreshold=1",
                        PEER + "/Retry/maxRetries=0")),
                "microprofile-config.properties");
    return builtWar().addAsLibrary(smallBreaker);
  }

  @Test
  void opensOnFailuresAnswersFastWhileOpenAndClosesWhenThePeerIsBack() {
    var down =
        payment()
            .stubFor(
                post(urlEqualTo("/api/v1/payments"))
                    .atPriority(1)
                    .willReturn(aResponse().withStatus(503).withFixedDelay(200)));
    try {
      for (int i = 0; i < 4; i++) {
        createOrder(orderJson(uniqueEmail(), uniqueAmount()))
            .statusCode(201)
            .body("status", equalTo("payment_processing"));
      }
      int seen = payment().findAll(postRequestedFor(urlEqualTo("/api/v1/payments"))).size();
      Instant start = Instant.now();
      createOrder(orderJson(uniqueEmail(), uniqueAmount()))
          .statusCode(201)
          .body("status", equalTo("payment_processing"));
      // Open: the peer is not called and nobody waits for its 200 ms.
      assertThat(payment().findAll(postRequestedFor(urlEqualTo("/api/v1/payments")))).hasSize(seen);
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(1000));
    } finally {
      payment().removeStub(down);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                "paid"
                    .equals(
                        createOrder(orderJson(uniqueEmail(), uniqueAmount()))
                            .statusCode(201)
                            .extract()
                            .path("status")));
    long id = createPaidOrder();
    assertThat(charges(id)).hasSize(1);
  }
}
