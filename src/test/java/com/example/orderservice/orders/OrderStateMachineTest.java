package com.example.orderservice.orders;

import static com.example.orderservice.orders.entity.OrderStatus.CANCELLED;
import static com.example.orderservice.orders.entity.OrderStatus.DELIVERED;
import static com.example.orderservice.orders.entity.OrderStatus.PAID;
import static com.example.orderservice.orders.entity.OrderStatus.PAYMENT_PROCESSING;
import static com.example.orderservice.orders.entity.OrderStatus.PENDING;
import static com.example.orderservice.orders.entity.OrderStatus.SHIPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.orderservice.orders.control.OrderStateMachine;
import com.example.orderservice.orders.entity.Order;
import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderItem;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.platform.ApiProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every edge of DD-ORDER-001 §4 is allowed, and every other move is refused. */
class OrderStateMachineTest {

  /**
   * The diagram of §4, plus peers.md's late payment for a PENDING order, giving up a charge that
   * never got a final answer, and cancelling a charge the Payment Service never saw.
   */
  private static final Map<OrderStatus, Map<OrderEvent, OrderStatus>> EXPECTED =
      Map.of(
          PENDING,
          Map.of(
              OrderEvent.PAYMENT_STARTED, PAYMENT_PROCESSING,
              OrderEvent.CANCEL, CANCELLED,
              OrderEvent.PAYMENT_SUCCEEDED, PAID),
          PAYMENT_PROCESSING,
          Map.of(
              OrderEvent.PAYMENT_SUCCEEDED, PAID,
              OrderEvent.PAYMENT_FAILED, PENDING,
              OrderEvent.PAYMENT_GIVEN_UP, PENDING,
              // only when the Payment Service knows no payment of it (a later one is refunded)
              OrderEvent.CANCEL, CANCELLED),
          PAID,
          Map.of(
              OrderEvent.SHIP, SHIPPED,
              OrderEvent.CANCEL, CANCELLED,
              OrderEvent.REFUNDED, CANCELLED),
          SHIPPED,
          Map.of(OrderEvent.DELIVER, DELIVERED),
          DELIVERED,
          Map.of(),
          CANCELLED,
          Map.of());

  static Stream<Arguments> everyStatusAndEvent() {
    List<Arguments> all = new ArrayList<>();
    for (OrderStatus status : OrderStatus.values()) {
      for (OrderEvent event : OrderEvent.values()) {
        all.add(Arguments.of(status, event));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("everyStatusAndEvent")
  void movesExactlyAlongTheDesignedEdges(OrderStatus from, OrderEvent event) {
    Order order = orderIn(from);
    OrderStatus expected = EXPECTED.get(from).get(event);
    if (expected != null) {
      OrderStateMachine.apply(order, event);
      assertThat(order.getStatus()).isEqualTo(expected);
    } else {
      assertThatThrownBy(() -> OrderStateMachine.apply(order, event))
          .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(409));
      assertThat(order.getStatus()).isEqualTo(from);
    }
  }

  @Test
  void theTableHoldsNothingElse() {
    long edges = EXPECTED.values().stream().mapToLong(Map::size).sum();
    assertThat(OrderStateMachine.TRANSITIONS).hasSize((int) edges);
  }

  @Test
  void repeatedPaymentNewsIsAbsorbedWhereItsEffectIsThere() {
    assertThat(OrderStateMachine.alreadyApplied(PAID, OrderEvent.PAYMENT_SUCCEEDED)).isTrue();
    assertThat(OrderStateMachine.alreadyApplied(SHIPPED, OrderEvent.PAYMENT_SUCCEEDED)).isTrue();
    assertThat(OrderStateMachine.alreadyApplied(PENDING, OrderEvent.PAYMENT_FAILED)).isTrue();
    assertThat(OrderStateMachine.alreadyApplied(CANCELLED, OrderEvent.REFUNDED)).isTrue();
    assertThat(OrderStateMachine.alreadyApplied(CANCELLED, OrderEvent.PAYMENT_SUCCEEDED)).isFalse();
    assertThat(OrderStateMachine.alreadyApplied(PAID, OrderEvent.PAYMENT_FAILED)).isFalse();
  }

  @Test
  void aNewOrderIsPendingWithTheExactTotal() {
    Order order =
        new Order(
            "a@example.com",
            "Ann",
            "USD",
            List.of(
                new OrderItem("Pen", 3, new BigDecimal("0.1")),
                new OrderItem("Ink", 1, new BigDecimal("19.99"))));
    assertThat(order.getStatus()).isEqualTo(PENDING);
    assertThat(order.getTotalAmount()).isEqualByComparingTo("20.29");
  }

  @Test
  void aPaidOrderWhoseCancellationIsInFlightCannotBeShippedButCanBeCancelled() {
    Order order = orderIn(PAID);
    order.startCancellation();

    assertThatThrownBy(() -> OrderStateMachine.apply(order, OrderEvent.SHIP))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(409))
        .hasMessageContaining("being cancelled");
    assertThat(order.getStatus()).isEqualTo(PAID);

    OrderStateMachine.apply(order, OrderEvent.CANCEL);
    assertThat(order.getStatus()).isEqualTo(CANCELLED);
    assertThat(order.isBeingCancelled()).isFalse();
  }

  @Test
  void aGivenUpCancellationLeavesThePaidOrderShippable() {
    Order order = orderIn(PAID);
    order.startCancellation();
    order.abandonCancellation("the refund failed");

    OrderStateMachine.apply(order, OrderEvent.SHIP);
    assertThat(order.getStatus()).isEqualTo(SHIPPED);
  }

  private static Order orderIn(OrderStatus status) {
    Order order =
        new Order("a@example.com", "Ann", "JPY", List.of(new OrderItem("Pen", 1, BigDecimal.TEN)));
    order.changeStatus(status, OrderEvent.PAYMENT_STARTED, "test setup");
    return order;
  }
}
