package com.example.orderservice.payments.control;

import com.example.orderservice.orders.control.OrderLifecycle;
import com.example.orderservice.orders.control.OrderStateMachine;
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
 * happen or neither.
 */
@Stateless
public class PaymentEventStore {

  @PersistenceContext EntityManager em;
  @Inject OrderLifecycle lifecycle;

  /** The result and the order afterwards. */
  public record Recorded(Result result, OrderView order) {}

  /**
   * @throws ApiProblem 404 for an unknown order, 409 when the event would break the lifecycle
   */
  public Recorded record(String eventId, long orderId, String status, OrderEvent event) {
    Order order = em.find(Order.class, orderId);
    if (order == null) {
      throw ApiProblem.notFound("There is no order " + orderId + ".");
    }
    if (em.find(ProcessedWebhookEvent.class, eventId) != null) {
      return new Recorded(Result.duplicate, OrderView.of(order));
    }
    Result result;
    if (OrderStateMachine.alreadyApplied(order.getStatus(), event)) {
      result = Result.already_applied;
    } else {
      lifecycle.apply(order, event, "payment webhook " + eventId + ": " + status);
      result = Result.applied;
    }
    em.persist(new ProcessedWebhookEvent(eventId, orderId, status));
    try {
      em.flush();
    } catch (OptimisticLockException e) {
      throw ApiProblem.conflict(
          "Order " + orderId + " was changed at the same time; deliver the event again.");
    }
    return new Recorded(result, OrderView.of(order));
  }

  public boolean seen(String eventId) {
    return em.find(ProcessedWebhookEvent.class, eventId) != null;
  }
}
