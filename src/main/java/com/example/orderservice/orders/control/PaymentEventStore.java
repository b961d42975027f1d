package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.Order;
import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.payments.entity.ProcessedWebhookEvent;
import com.example.orderservice.payments.entity.WebhookOutcome.Result;
import com.example.orderservice.platform.ApiProblem;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;

/**
 * Applies one payment event to its order and records the event id, in one transaction: either both
 * happen or neither. A completed payment is applied as the charge's own answer is (PAID, nothing
 * when it is paid already, a refund owed when it was cancelled).
 */
@Stateless
public class PaymentEventStore {

  @PersistenceContext EntityManager em;
  @Inject OrderLifecycle lifecycle;
  @Inject OrderStore orders;

  /** What the event did and the order afterwards; {@code refused} says why it was refused. */
  public record Recorded(Result result, OrderView order, String refused) {}

  /**
   * @throws ApiProblem 404 for an unknown order
   * @throws ConcurrentChangeException when another transaction changed the order meanwhile
   */
  public Recorded record(String eventId, long orderId, String status, OrderEvent event) {
    Order order = em.find(Order.class, orderId);
    if (order == null) {
      throw ApiProblem.notFound("There is no order " + orderId + ".");
    }
    if (em.find(ProcessedWebhookEvent.class, eventId) != null) {
      return new Recorded(Result.duplicate, OrderView.of(order), null);
    }
    String reason = "payment webhook " + eventId + ": " + status;
    Result result;
    if (OrderStateMachine.alreadyApplied(order.getStatus(), event)) {
      result = Result.already_applied;
    } else if (OrderStateMachine.next(order.getStatus(), event).isEmpty()) {
      // peers.md: refused with 409, and nothing recorded. Money taken for an order that cannot
      // take it any more still goes back (committed with this transaction).
      if (event == OrderEvent.PAYMENT_SUCCEEDED) {
        orders.completePayment(order, reason);
      }
      flush(orderId);
      return new Recorded(
          null,
          OrderView.of(order),
          OrderStateMachine.refusal(orderId, order.getStatus(), event).getMessage());
    } else if (event == OrderEvent.PAYMENT_SUCCEEDED) {
      orders.completePayment(order, reason);
      result = Result.applied;
    } else {
      lifecycle.apply(order, event, reason);
      result = Result.applied;
    }
    em.persist(new ProcessedWebhookEvent(eventId, orderId, status));
    flush(orderId);
    return new Recorded(result, OrderView.of(order), null);
  }

  public boolean seen(String eventId) {
    return em.find(ProcessedWebhookEvent.class, eventId) != null;
  }

  private void flush(long orderId) {
    try {
      em.flush();
    } catch (OptimisticLockException e) {
      throw new ConcurrentChangeException(orderId);
    }
  }
}
