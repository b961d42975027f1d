package com.example.orderservice.orders.control;

import com.example.orderservice.notifications.control.Notifier;
import com.example.orderservice.orders.entity.Order;
import com.example.orderservice.orders.entity.OrderEvent;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Applies an event to an order inside the caller's transaction: the state machine moves it, and the
 * e-mail the move calls for is queued in the outbox with it, so the mail exists exactly when the
 * change was committed.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class OrderLifecycle {

  @Inject Notifier notifier;

  public void apply(Order order, OrderEvent event, String reason) {
    OrderStateMachine.apply(order, event, reason);
    notifier.queueFor(order, event);
  }
}
