package com.example.orderservice.orders.control;

import com.example.orderservice.payments.entity.RefundConfirmed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Ends the cancellation of an order once the refund queue hears its refund was confirmed. */
@ApplicationScoped
public class RefundConfirmations {

  @Inject OrderStore store;

  void onConfirmed(@Observes RefundConfirmed confirmed) {
    ConflictRetry.retrying(() -> store.refundConfirmed(confirmed.orderId()));
  }
}
