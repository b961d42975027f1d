package com.example.orderservice.orders.entity;

/**
 * Fired inside the transaction of every status change, so that follow-up work (an e-mail, an
 * import's counts) is done in the same commit as the change; {@code from} is the status before it.
 */
public record OrderStatusChanged(Order order, OrderEvent event, OrderStatus from) {}
