package com.example.orderservice.payments.control;

import com.example.orderservice.outbox.control.OutboxHandler;
import com.example.orderservice.outbox.entity.OutboxMessage;
import com.example.orderservice.platform.JsonbConfigurator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;

/** Delivers queued refunds (compensations nobody waits for) to the Payment Service. */
@ApplicationScoped
public class RefundDelivery implements OutboxHandler {

  /** What a queued refund needs to know. */
  public record RefundOrder(long orderId, BigDecimal amount) {}

  @Inject PaymentGateway payments;

  @Override
  public OutboxMessage.Kind kind() {
    return OutboxMessage.Kind.REFUND;
  }

  @Override
  public void deliver(OutboxMessage message) {
    RefundOrder refund =
        JsonbConfigurator.jsonb().fromJson(message.getPayload(), RefundOrder.class);
    payments.refund(refund.orderId(), refund.amount());
  }
}
