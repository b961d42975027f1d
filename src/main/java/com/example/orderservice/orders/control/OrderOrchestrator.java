package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.ChargeClaim;
import com.example.orderservice.orders.entity.NewOrder;
import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.payments.control.PaymentGateway;
import com.example.orderservice.payments.entity.ChargeOutcome;
import com.example.orderservice.payments.entity.Payment;
import com.example.orderservice.payments.entity.PaymentState;
import com.example.orderservice.payments.entity.RefundOutcome;
import com.example.orderservice.platform.ApiProblem;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Runs the order flows of DD-ORDER-001 §5: creation with payment and confirmation, status changes,
 * cancellation with refund. It holds no transaction itself: every database change is a short
 * transaction in {@link OrderStore}, committed before the next call to a peer. Only the Payment
 * Service's business answers are final; anything else leaves the order for {@link PaymentSettler}
 * (charges) or the refund queue (refunds).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OrderOrchestrator {

  private static final Logger LOG = Logger.getLogger(OrderOrchestrator.class.getName());

  @Inject OrderMetrics metrics;
  @Inject OrderStore store;
  @Inject PaymentGateway payments;

  /**
   * Validates, saves, charges and confirms one order; answers it in its resulting status. With an
   * Idempotency-Key, the key records the order in the order's own transaction.
   */
  public OrderView create(NewOrder request, String idempotencyKey) {
    NewOrder order = OrderValidator.validate(request);
    OrderView saved = store.createForPayment(order, idempotencyKey);
    OrderView charged = charge(saved);
    metrics.created(charged);
    return charged;
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
  public void chargeAll(List<ChargeClaim> orders, BooleanSupplier stopping) {
    List<Long> completed = new ArrayList<>();
    for (ChargeClaim order : orders) {
      if (stopping.getAsBoolean()) {
        break;
      }
      ChargeOutcome outcome = payments.charge(order.orderId(), order.amount(), order.currency());
      if (outcome == ChargeOutcome.COMPLETED) {
        completed.add(order.orderId());
      } else {
        settle(order.orderId(), outcome, "charge");
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

  /**
   * Moves a PAYMENT_PROCESSING order on according to what the Payment Service said; an outcome that
   * is not final leaves it PAYMENT_PROCESSING, to be looked at again after a backoff.
   */
  public OrderView settle(long id, ChargeOutcome outcome, String source) {
    return ConflictRetry.retrying(
        () ->
            switch (outcome) {
              case COMPLETED -> store.paymentCompleted(id, source + ": payment completed").order();
              case FAILED ->
                  store
                      .applyIfStill(
                          id,
                          OrderStatus.PAYMENT_PROCESSING,
                          OrderEvent.PAYMENT_FAILED,
                          source + ": payment declined or failed")
                      .order();
              // The money may have been taken: never pretend the charge failed.
              case PENDING, UNKNOWN -> store.paymentNotSettled(id);
            });
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
   * Cancels an order: a pending one at once; one whose charge is unsettled after settling it; a
   * paid one once its refund is confirmed. While the refund is not confirmed the order stays PAID
   * with {@code settling: refund} (it cannot be shipped) and the refund is asked for until it is.
   */
  public OrderView cancel(long id) {
    OrderStatus status = OrderStatus.parse(store.require(id).status()).orElseThrow();
    return switch (status) {
      case PENDING -> cancelled(id, store.applyIfStill(id, status, OrderEvent.CANCEL, "cancelled"));
      case PAYMENT_PROCESSING -> settleThenCancel(id);
      case PAID -> refundAndCancel(id);
      default -> throw OrderStateMachine.refusal(id, status, OrderEvent.CANCEL);
    };
  }

  /** Settles the charge from the Payment Service's record, then cancels as that record says. */
  private OrderView settleThenCancel(long id) {
    Optional<Payment> payment = payments.findByOrder(id); // 503 when it cannot tell now
    Optional<PaymentState> state = payment.flatMap(Payment::state);
    if (payment.isEmpty()) {
      return cancelled(
          id,
          store.applyIfStill(
              id,
              OrderStatus.PAYMENT_PROCESSING,
              OrderEvent.CANCEL,
              "cancelled before any payment was taken; one taken later is refunded"));
    }
    if (state.isEmpty() || state.get() == PaymentState.PENDING) {
      throw ApiProblem.conflict(
          "Order "
              + id
              + ": its payment is still pending at the Payment Service; cancel it once it is"
              + " settled.");
    }
    settle(
        id,
        state.get() == PaymentState.COMPLETED ? ChargeOutcome.COMPLETED : ChargeOutcome.FAILED,
        "cancellation");
    return cancel(id);
  }

  private OrderView refundAndCancel(long id) {
    // Claimed, with its refund owed, in its own transaction before the refund call: shipping is
    // refused from here on, and no transaction stays open across the call.
    OrderView claimed = store.startCancellation(id);
    RefundOutcome outcome = payments.refund(id, claimed.totalAmount());
    return switch (outcome) {
      case REFUNDED -> cancelled(id, ConflictRetry.retrying(() -> store.refundConfirmed(id)));
      case UNKNOWN -> store.refundUnsettled(id);
      case REJECTED -> {
        store.refundRefused(id, "cancellation given up: the Payment Service refused the refund");
        throw ApiProblem.badGateway(
            "The Payment Service refused the refund of order "
                + id
                + "; it was not cancelled and stays paid.");
      }
    };
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
