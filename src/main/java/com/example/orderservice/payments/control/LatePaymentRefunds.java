package com.example.orderservice.payments.control;

import com.example.orderservice.orders.entity.Order;
import com.example.orderservice.outbox.control.Outbox;
import com.example.orderservice.outbox.entity.OutboxMessage;
import com.example.orderservice.platform.JsonbConfigurator;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.logging.Logger;

/**
 * Compensation (DD-LIM-005): money taken for an order that can no longer take it (cancelled
 * meanwhile) goes back through the outbox, and the order's history says why.
 */
@Stateless
public class LatePaymentRefunds {

  private static final Logger LOG = Logger.getLogger(LatePaymentRefunds.class.getName());

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;

  /** Queues the refund in the caller's transaction. */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void queue(Order order, String why) {
    boolean queued =
        // A late payment may be reported more than once (webhook, reconciliation).
        outbox.enqueueOnce(
            new OutboxMessage(
                OutboxMessage.Kind.REFUND,
                order.getId(),
                PaymentGateway.refundKey(order.getId()),
                JsonbConfigurator.jsonb()
                    .toJson(
                        new RefundDelivery.RefundOrder(order.getId(), order.getTotalAmount()))));
    if (queued) {
      order.note("LATE_PAYMENT_REFUND", why + "; the payment is refunded automatically");
      LOG.warning(() -> "Order " + order.getId() + ": " + why + "; refund queued");
    }
  }

  /** Queues the refund in a transaction of its own (the caller's was rolled back). */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void queueSeparately(long orderId, String why) {
    Order order = em.find(Order.class, orderId);
    if (order != null) {
      queue(order, why);
    }
  }
}
