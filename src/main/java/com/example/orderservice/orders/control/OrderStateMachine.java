package com.example.orderservice.orders.control;

import static com.example.orderservice.orders.entity.OrderEvent.CANCEL;
import static com.example.orderservice.orders.entity.OrderEvent.DELIVER;
import static com.example.orderservice.orders.entity.OrderEvent.PAYMENT_FAILED;
import static com.example.orderservice.orders.entity.OrderEvent.PAYMENT_GIVEN_UP;
import static com.example.orderservice.orders.entity.OrderEvent.PAYMENT_STARTED;
import static com.example.orderservice.orders.entity.OrderEvent.PAYMENT_SUCCEEDED;
import static com.example.orderservice.orders.entity.OrderEvent.REFUNDED;
import static com.example.orderservice.orders.entity.OrderEvent.SHIP;
import static com.example.orderservice.orders.entity.OrderStatus.CANCELLED;
import static com.example.orderservice.orders.entity.OrderStatus.DELIVERED;
import static com.example.orderservice.orders.entity.OrderStatus.PAID;
import static com.example.orderservice.orders.entity.OrderStatus.PAYMENT_PROCESSING;
import static com.example.orderservice.orders.entity.OrderStatus.PENDING;
import static com.example.orderservice.orders.entity.OrderStatus.SHIPPED;

import com.example.orderservice.orders.entity.Order;
import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.platform.ApiProblem;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The order lifecycle of DD-ORDER-001 §4 as one table. Every status change of the service goes
 * through {@link #apply}.
 */
public final class OrderStateMachine {

  /** One edge: in state {@code from}, {@code event} leads to {@code to}. */
  public record Transition(OrderStatus from, OrderEvent event, OrderStatus to) {}

  public static final List<Transition> TRANSITIONS =
      List.of(
          new Transition(PENDING, PAYMENT_STARTED, PAYMENT_PROCESSING),
          new Transition(PAYMENT_PROCESSING, PAYMENT_SUCCEEDED, PAID),
          new Transition(PAYMENT_PROCESSING, PAYMENT_FAILED, PENDING),
          new Transition(PAYMENT_PROCESSING, PAYMENT_GIVEN_UP, PENDING),
          // Only when the Payment Service knows no payment of it; one arriving later is refunded.
          new Transition(PAYMENT_PROCESSING, CANCEL, CANCELLED),
          // peers.md: money taken after the order went back to PENDING still counts.
          new Transition(PENDING, PAYMENT_SUCCEEDED, PAID),
          new Transition(PAID, SHIP, SHIPPED),
          new Transition(SHIPPED, DELIVER, DELIVERED),
          new Transition(PENDING, CANCEL, CANCELLED),
          new Transition(PAID, CANCEL, CANCELLED),
          new Transition(PAID, REFUNDED, CANCELLED));

  /**
   * States in which an event has already had its effect, so hearing it again (a webhook after the
   * synchronous answer, say) changes nothing and is no error.
   */
  private static final List<Absorbed> ABSORBED =
      List.of(
          new Absorbed(PAYMENT_SUCCEEDED, EnumSet.of(PAID, SHIPPED, DELIVERED)),
          new Absorbed(PAYMENT_FAILED, EnumSet.of(PENDING)),
          new Absorbed(REFUNDED, EnumSet.of(CANCELLED)));

  private record Absorbed(OrderEvent event, Set<OrderStatus> states) {}

  /**
   * Events refused while a cancellation's refund is in flight: the order is still PAID, but its
   * money is on its way back, so it must not leave the warehouse.
   */
  private static final Set<OrderEvent> REFUSED_WHILE_CANCELLING = EnumSet.of(SHIP);

  private OrderStateMachine() {}

  /** Where {@code event} leads from {@code from}; empty when the lifecycle has no such edge. */
  public static Optional<OrderStatus> next(OrderStatus from, OrderEvent event) {
    return TRANSITIONS.stream()
        .filter(t -> t.from() == from && t.event() == event)
        .map(Transition::to)
        .findFirst();
  }

  /** True when {@code event} has nothing left to do in state {@code status}. */
  public static boolean alreadyApplied(OrderStatus status, OrderEvent event) {
    return ABSORBED.stream().anyMatch(a -> a.event() == event && a.states().contains(status));
  }

  /**
   * Moves {@code order} along the edge for {@code event}.
   *
   * @throws ApiProblem 409 when the lifecycle has no such edge; the order is left unchanged
   */
  public static void apply(Order order, OrderEvent event) {
    apply(order, event, null);
  }

  /** As {@link #apply(Order, OrderEvent)}, writing {@code reason} into the order's history. */
  public static void apply(Order order, OrderEvent event, String reason) {
    OrderStatus from = order.getStatus();
    OrderStatus to = next(from, event).orElseThrow(() -> refusal(order.getId(), from, event));
    if (order.isBeingCancelled() && REFUSED_WHILE_CANCELLING.contains(event)) {
      throw ApiProblem.conflict(
          "Order "
              + order.getId()
              + " is being cancelled (its payment is being refunded): "
              + describe(event)
              + " is not allowed now.");
    }
    order.changeStatus(to, event, reason);
  }

  /** The 409 problem for an event the lifecycle does not allow in state {@code from}. */
  public static ApiProblem refusal(Long orderId, OrderStatus from, OrderEvent event) {
    return ApiProblem.conflict(
        (orderId == null ? "The order" : "Order " + orderId)
            + " is "
            + from.jsonName()
            + ": "
            + describe(event)
            + " is not allowed from that status.");
  }

  private static String describe(OrderEvent event) {
    return switch (event) {
      case PAYMENT_STARTED -> "starting a payment";
      case PAYMENT_SUCCEEDED -> "a completed payment";
      case PAYMENT_FAILED -> "a failed payment";
      case PAYMENT_GIVEN_UP -> "giving up the payment";
      case SHIP -> "shipping";
      case DELIVER -> "delivering";
      case CANCEL -> "cancelling";
      case REFUNDED -> "a refund";
    };
  }
}
