package com.example.orderservice.payments.control;

import com.example.orderservice.outbox.control.Outbox;
import com.example.orderservice.outbox.entity.OutboxMessage;
import com.example.orderservice.platform.JsonbConfigurator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The refunds an order is owed, kept in the outbox in the transaction that decides them (a
 * cancellation, a payment that came after one), so none is lost; the relay asks until the Payment
 * Service gives a final answer. One refund key per order: however often it is asked, the money goes
 * back once.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class RefundQueue {

  @Inject Outbox outbox;

  /**
   * Owes the order's money back; the relay first tries after {@code handOff} (a caller that asks
   * itself meanwhile says so with {@link #done} or {@link #dueNow}). False when it was owed before.
   */
  public boolean owe(long orderId, BigDecimal amount, Duration handOff) {
    OutboxMessage refund =
        new OutboxMessage(
            OutboxMessage.Kind.REFUND,
            orderId,
            PaymentGateway.refundKey(orderId),
            JsonbConfigurator.jsonb().toJson(new RefundDelivery.RefundOrder(orderId, amount)));
    refund.postpone(handOff);
    return outbox.enqueueOnce(refund);
  }

  /** The refund was confirmed by its caller: the relay need not ask again. */
  public void done(long orderId) {
    outbox.markSent(PaymentGateway.refundKey(orderId));
  }

  /** Its caller's attempt was not final: the relay takes over now. */
  public void dueNow(long orderId) {
    outbox.dueNow(PaymentGateway.refundKey(orderId));
  }

  /** The Payment Service refused it for good: nothing is owed any more. */
  public void withdraw(long orderId) {
    outbox.withdraw(PaymentGateway.refundKey(orderId));
  }
}
