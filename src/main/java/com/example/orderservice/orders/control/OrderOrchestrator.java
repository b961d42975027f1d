package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.NewOrder;
import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.payments.control.PaymentGateway;
import com.example.orderservice.payments.entity.ChargeOutcome;
import com.example.orderservice.platform.ApiProblem;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Runs the order flows of DD-ORDER-001 §5: creation with payment and confirmation, status changes,
 * cancellation with refund. It holds no transaction itself: every database change is a short
 * transaction in {@link OrderStore}, committed before the next call to a peer.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OrderOrchestrator {

  private static final Logger LOG = Logger.getLogger(OrderOrchestrator.class.getName());

  @Inject OrderStore store;
  @Inject PaymentGateway payments;

  /** Validates, saves, charges and confirms one order; answers it in its resulting status. */
  public OrderView create(NewOrder request) {
    NewOrder order = OrderValidator.validate(request);
    OrderView saved = store.createForPayment(order);
    return charge(saved);
  }

  /**
   * Charges an order that is PAYMENT_PROCESSING (again: the idempotency key makes a repeated charge
   * return the first result) and moves it on according to the outcome.
   */
  public OrderView charge(OrderView order) {
    ChargeOutcome outcome = payments.charge(order.id(), order.totalAmount(), order.currency());
    return settle(order.id(), outcome, "charge");
  }

  /**
   * Charges PAYMENT_PROCESSING orders one after another, as {@link #charge} would, until {@code
   * stopping} says so; the completed ones are then recorded in one transaction instead of one each.
   * Should that transaction fail (one of them was changed meanwhile), they are recorded one by one.
   */
  public void chargeAll(List<OrderView> orders, BooleanSupplier stopping) {
    List<Long> completed = new ArrayList<>();
    for (OrderView order : orders) {
      if (stopping.getAsBoolean()) {
        break;
      }
      ChargeOutcome outcome = payments.charge(order.id(), order.totalAmount(), order.currency());
      if (outcome == ChargeOutcome.COMPLETED) {
        completed.add(order.id());
      } else {
        settle(order.id(), outcome, "charge");
      }
    }
    if (completed.isEmpty()) {
      return;
    }
    try {
      store.paymentsCompleted(completed, "charge: payment completed");
    } catch (RuntimeException e) {
      LOG.log(
          Level.INFO, "Recording " + completed.size() + " payments together failed; one by one", e);
      completed.forEach(id -> settle(id, ChargeOutcome.COMPLETED, "charge"));
    }
  }

  /** Moves a PAYMENT_PROCESSING order on according to what the Payment Service said. */
  public OrderView settle(long id, ChargeOutcome outcome, String source) {
    return switch (outcome) {
      case COMPLETED -> store.paymentCompleted(id, source + ": payment completed").order();
      case FAILED ->
          store
              .applyIfStill(
                  id,
                  OrderStatus.PAYMENT_PROCESSING,
                  OrderEvent.PAYMENT_FAILED,
                  source + ": payment declined or failed")
              .order();
      // The money may have been taken: leave the order PAYMENT_PROCESSING for the webhook or the
      // reconciliation rather than pretend the charge failed.
      case PENDING, UNKNOWN -> store.require(id);
    };
  }

  /** Moves an order to {@code statusText} the way PUT /status asks. */
  public OrderView changeStatus(long id, String statusText) {
    OrderStatus target =
        OrderStatus.parse(statusText)
            .orElseThrow(
                () ->
                    ApiProblem.invalid(
                        java.util.List.of(
                            new ApiProblem.FieldViolation(
                                "status",
                                "must be one of "
                                    + Arrays.stream(OrderStatus.values())
                                        .map(OrderStatus::jsonName)
                                        .collect(Collectors.joining(", "))))));
    return switch (target) {
      case SHIPPED -> store.apply(id, OrderEvent.SHIP, "status set to shipped").order();
      case DELIVERED -> store.apply(id, OrderEvent.DELIVER, "status set to delivered").order();
      case CANCELLED -> cancel(id);
      case PENDING, PAYMENT_PROCESSING, PAID ->
          throw ApiProblem.conflict(
              "Order "
                  + id
                  + ": the status "
                  + target.jsonName()
                  + " follows from the Payment Service (its answers and webhooks) and cannot be"
                  + " set by hand.");
    };
  }

  /**
   * Cancels an order: a pending one at once, a paid one after its refund is confirmed. Never
   * cancels a paid order whose money is not back, and never lets one be shipped while its refund is
   * in flight.
   */
  public OrderView cancel(long id) {
    OrderStatus status = OrderStatus.parse(store.require(id).status()).orElseThrow();
    return switch (status) {
      case PENDING -> cancelled(id, store.applyIfStill(id, status, OrderEvent.CANCEL, "cancelled"));
      case PAID -> refundAndCancel(id);
      default -> throw OrderStateMachine.refusal(id, status, OrderEvent.CANCEL);
    };
  }

  private OrderView refundAndCancel(long id) {
    // Claimed in its own transaction before the refund: shipping is refused from here on, and no
    // transaction stays open across the call.
    OrderView claimed = store.startCancellation(id);
    try {
      payments.refund(id, claimed.totalAmount());
    } catch (RuntimeException e) {
      releaseClaim(id, e);
      throw e;
    }
    OrderStore.Applied cancelled =
        store.applyIfStill(id, OrderStatus.PAID, OrderEvent.CANCEL, "cancelled; payment refunded");
    // A "refunded" webhook may have cancelled it meanwhile: that is the same end.
    if (!cancelled.changed()
        && !cancelled.order().status().equals(OrderStatus.CANCELLED.jsonName())) {
      LOG.severe(
          () ->
              "Order "
                  + id
                  + " was refunded but became "
                  + cancelled.order().status()
                  + " meanwhile, so it is not cancelled. Check it by hand.");
    }
    return cancelled(id, cancelled);
  }

  private void releaseClaim(long id, RuntimeException refundFailure) {
    try {
      store.abandonCancellation(id, "cancellation given up: the refund failed");
    } catch (RuntimeException e) {
      refundFailure.addSuppressed(e);
      LOG.log(
          Level.WARNING,
          "Order " + id + ": the cancellation claim stays until the reconciliation releases it",
          e);
    }
  }

  private static OrderView cancelled(long id, OrderStore.Applied applied) {
    if (!applied.changed() && !applied.order().status().equals(OrderStatus.CANCELLED.jsonName())) {
      throw ApiProblem.conflict(
          "Order "
              + id
              + " changed while it was being cancelled; it is now "
              + applied.order().status()
              + ".");
    }
    return applied.order();
  }
}
