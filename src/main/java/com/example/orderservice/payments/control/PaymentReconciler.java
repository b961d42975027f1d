package com.example.orderservice.payments.control;

import com.example.orderservice.orders.control.OrderOrchestrator;
import com.example.orderservice.orders.control.OrderStore;
import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.payments.entity.ChargeOutcome;
import com.example.orderservice.payments.entity.Payment;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Settles orders left in PAYMENT_PROCESSING (a charge that timed out, a crash between the charge
 * and the status update) from the Payment Service's record, at start-up and then periodically:
 * completed → PAID, failed or refunded → PENDING, no payment → charged again with the same
 * idempotency key (so never twice), pending → left for the webhook. Cancellations a crash
 * interrupted during their refund are settled the same way: refunded → cancelled, else released.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PaymentReconciler {

  private static final Logger LOG = Logger.getLogger(PaymentReconciler.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject OrderStore orders;
  @Inject OrderOrchestrator orchestrator;
  @Inject PaymentGateway payments;

  @Inject
  @ConfigProperty(name = "RECONCILE_GRACE_SECONDS", defaultValue = "60")
  long graceSeconds;

  @Inject
  @ConfigProperty(name = "RECONCILE_INTERVAL_SECONDS", defaultValue = "30")
  long intervalSeconds;

  @Inject
  @ConfigProperty(name = "RECONCILE_BATCH_SIZE", defaultValue = "100")
  int batchSize;

  // Longer than a refund with all its retries may take, so a live cancellation is never touched.
  @Inject
  @ConfigProperty(name = "RECONCILE_CANCELLATION_GRACE_SECONDS", defaultValue = "300")
  long cancellationGraceSeconds;

  private ScheduledFuture<?> task;

  @PostConstruct
  void start() {
    task =
        scheduler.scheduleWithFixedDelay(
            this::reconcileAll, 2, Math.max(1, intervalSeconds), TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  void reconcileAll() {
    try {
      Instant cutoff = Instant.now().minusSeconds(graceSeconds);
      for (OrderView order : orders.paymentProcessingSince(cutoff, batchSize)) {
        reconcile(order);
      }
      Instant claimCutoff = Instant.now().minusSeconds(cancellationGraceSeconds);
      for (OrderView order : orders.cancellationsStartedBefore(claimCutoff, batchSize)) {
        settleCancellation(order);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Payment reconciliation failed; the next round tries again", e);
    }
  }

  /**
   * A cancellation interrupted between its claim and its end (a crash during the refund): cancelled
   * when the Payment Service did refund, released (shippable again) when it did not.
   */
  private void settleCancellation(OrderView order) {
    try {
      boolean refunded =
          payments
              .findByOrder(order.id())
              .map(p -> "refunded".equals(String.valueOf(p.status())))
              .orElse(false);
      if (refunded) {
        orders.applyIfStill(
            order.id(),
            OrderStatus.PAID,
            OrderEvent.REFUNDED,
            "reconciliation: the refund of an interrupted cancellation went through");
      } else {
        orders.abandonCancellation(
            order.id(), "reconciliation: the refund of an interrupted cancellation was not made");
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Order " + order.id() + ": cancellation not settled now: " + e.getMessage(),
          e);
    }
  }

  private void reconcile(OrderView order) {
    try {
      Optional<Payment> payment = payments.findByOrder(order.id());
      if (payment.isEmpty()) {
        LOG.info(() -> "Order " + order.id() + ": no payment known; charging again, same key");
        orchestrator.charge(order);
        return;
      }
      ChargeOutcome outcome =
          switch (String.valueOf(payment.get().status())) {
            case "completed" -> ChargeOutcome.COMPLETED;
            case "failed", "refunded" -> ChargeOutcome.FAILED;
            default -> ChargeOutcome.PENDING;
          };
      orchestrator.settle(order.id(), outcome, "reconciliation");
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Order " + order.id() + " not reconciled now: " + e.getMessage() + "; tried again later");
    }
  }
}
