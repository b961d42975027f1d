package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.Order;
import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.orders.entity.OrderStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * Applies an event to an order inside the caller's transaction: the state machine moves it, and
 * {@link OrderStatusChanged} is fired in the same transaction, so that what follows from the move
 * (an e-mail) exists exactly when the change was committed.
 */
// A CDI bean, not an EJB: it only ever runs inside its caller's transaction, and each call through
// an EJB proxy cost more CPU than the work done here.
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class OrderLifecycle {

  @Inject Event<OrderStatusChanged> changed;

  public void apply(Order order, OrderEvent event, String reason) {
    OrderStatus from = order.getStatus();
    OrderStateMachine.apply(order, event, reason);
    changed.fire(new OrderStatusChanged(order, event, from));
  }
}
