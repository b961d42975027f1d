package com.example.orderservice.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.orderservice.client.ApiClient;
import com.example.orderservice.client.ApiException;
import com.example.orderservice.client.api.OrdersApi;
import com.example.orderservice.client.model.NewOrder;
import com.example.orderservice.client.model.NewOrderItem;
import com.example.orderservice.client.model.Order;
import com.example.orderservice.client.model.OrderStatus;
import com.example.orderservice.support.ServiceIT;
import com.example.orderservice.support.TestTokens;
import java.math.BigDecimal;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A storefront developer's view: the Java client that openapi-generator made from the served
 * document at build time (see pom.xml) creates and reads an order against the real server.
 */
class GeneratedClientIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  @Test
  void theGeneratedClientCreatesAndReadsAnOrder() throws ApiException {
    ApiClient client = new ApiClient();
    client.updateBaseUri(base.toString().replaceAll("/$", ""));
    client.setRequestInterceptor(
        request -> request.header("Authorization", "Bearer " + TestTokens.storefront()));
    OrdersApi orders = new OrdersApi(client);
    String email = uniqueEmail();

    Order created =
        orders.createOrder(
            new NewOrder()
                .customerEmail(email)
                .customerName("田中太郎")
                .currency("JPY")
                .items(
                    List.of(
                        new NewOrderItem()
                            .productName("ノートPC")
                            .quantity(2)
                            .unitPrice(new BigDecimal(uniqueAmount())))),
            null);
    Order read = orders.getOrder(created.getId());

    assertThat(created.getStatus()).isEqualTo(OrderStatus.PAID);
    assertThat(read.getId()).isEqualTo(created.getId());
    assertThat(read.getCustomerEmail()).isEqualTo(email);
    assertThat(read.getItems())
        .singleElement()
        .satisfies(i -> assertThat(i.getQuantity()).isEqualTo(2));
    assertThat(read.getTotalAmount()).isEqualByComparingTo(created.getTotalAmount());
    assertThat(read.getCreatedAt()).isNotNull();
  }
}
