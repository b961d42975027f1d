package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.OrderStatusChanged;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.platform.metrics.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/** Counts orders created (by their status after the charge) and committed status changes. */
@ApplicationScoped
public class OrderMetrics {

  @Inject Metrics metrics;

  void created(OrderView order) {
    metrics.count(
        "orders_created",
        "Orders created one by one, by status after the charge",
        "outcome",
        order.status());
  }

  // After the commit only: a change rolled back never happened.
  void statusChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrderStatusChanged change) {
    metrics.count(
        "order_status_changes",
        "Committed status changes, by the status reached",
        "to_status",
        change.order().getStatus().jsonName());
  }
}
