package com.example.orderservice.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.orderservice.support.ServiceIT;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** Every answer carries the request's id, and the id reaches the Payment Service. */
class RequestIdIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  @Test
  void aGivenIdIsEchoedAndSentWithTheCharge() {
    String id = "it-" + uniqueAmount();
    long orderId =
        api()
            .header("X-Request-Id", id)
            .contentType("application/json")
            .body(orderJson(uniqueEmail(), uniqueAmount()))
            .post("/orders/")
            .then()
            .statusCode(201)
            .header("X-Request-Id", id)
            .extract()
            .jsonPath()
            .getLong("id");

    assertThat(charges(orderId))
        .singleElement()
        .satisfies(charge -> assertThat(charge.getHeader("X-Request-Id")).isEqualTo(id));
  }

  @Test
  void anIdIsMadeWhenNoneOrAnInsaneOneIsGiven() {
    String made = api().get("/orders/0").then().extract().header("X-Request-Id");
    assertThat(made).matches("[0-9a-f-]{36}");

    String replaced =
        api()
            .header("X-Request-Id", "no spaces; please")
            .get("/orders?limit=1")
            .then()
            .statusCode(200)
            .extract()
            .header("X-Request-Id");
    assertThat(replaced).matches("[0-9a-f-]{36}");
  }
}
