package com.example.orderservice.payments.control;

import com.example.orderservice.outbox.control.OutboxHandler;
import com.example.orderservice.outbox.entity.OutboxMessage;
import com.example.orderservice.payments.entity.RefundConfirmed;
import com.example.orderservice.payments.entity.RefundOutcome;
import com.example.orderservice.platform.JsonbConfigurator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.math.BigDecimal;

/**
 * Delivers queued refunds to the Payment Service and tells whoever listens when one is confirmed;
 * anything short of a confirmation leaves the refund queued for the next attempt.
 */
@ApplicationScoped
public class RefundDelivery implements OutboxHandler {

  /** What a queued refund needs to know. */
  public record RefundOrder(long orderId, BigDecimal amount) {}

  @Inject PaymentGateway payments;
  @Inject Event<RefundConfirmed> confirmed;

  @Override
  public OutboxMessage.Kind kind() {
    return OutboxMessage.Kind.REFUND;
  }

  @Override
  public void deliver(OutboxMessage message) {
    RefundOrder refund =
        JsonbConfigurator.jsonb().fromJson(message.getPayload(), RefundOrder.class);
    RefundOutcome outcome = payments.refund(refund.orderId(), refund.amount());
    if (outcome != RefundOutcome.REFUNDED) {
      throw new RefundNotConfirmedException(refund.orderId(), outcome);
    }
    // Observers record it (the order's cancellation ends); should one fail, the refund is asked
    // again and its key makes that harmless.
    confirmed.fire(new RefundConfirmed(refund.orderId()));
  }

  /** The refund attempt ended without the Payment Service's confirmation. */
  static class RefundNotConfirmedException extends RuntimeException {
    RefundNotConfirmedException(long orderId, RefundOutcome outcome) {
      super(
          "refund of order "
              + orderId
              + (outcome == RefundOutcome.REJECTED
                  ? " refused by the Payment Service"
                  : " not confirmed by the Payment Service"));
    }
  }
}
