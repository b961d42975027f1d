package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.payments.control.PaymentGateway;
import com.example.orderservice.payments.control.PaymentLookupFailedException;
import com.example.orderservice.payments.entity.ChargeOutcome;
import com.example.orderservice.payments.entity.Payment;
import com.example.orderservice.payments.entity.PaymentState;
import com.example.orderservice.platform.metrics.Metrics;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Settles charges without a final answer (no answer in time, a 5xx, a reset, an open breaker, a
 * crash between the charge and its record, a payment still pending) from the Payment Service's
 * record, periodically, the longest waiting first: completed → PAID, failed or refunded → PENDING,
 * no payment → charged again with the same idempotency key (so never twice), pending or no answer →
 * looked at again after a backoff, until the give-up time, when the order goes PENDING. Every
 * instance runs it; each claims its batches in the database, so no order is settled by two at once.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PaymentSettler {

  private static final Logger LOG = Logger.getLogger(PaymentSettler.class.getName());

  // Batches per round at most, so that a round ends even if orders stay due.
  private static final int MAX_BATCHES_PER_ROUND = 20;

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject OrderStore orders;
  @Inject OrderOrchestrator orchestrator;
  @Inject PaymentGateway payments;
  @Inject PaymentRetryPolicy retryPolicy;
  @Inject Metrics metrics;

  // Longer than a charge with its retries may take, so a live create request is never raced.
  @Inject
  @ConfigProperty(name = "RECONCILE_GRACE_SECONDS", defaultValue = "60")
  long graceSeconds;

  @Inject
  @ConfigProperty(name = "RECONCILE_INTERVAL_SECONDS", defaultValue = "30")
  long intervalSeconds;

  @Inject
  @ConfigProperty(name = "RECONCILE_BATCH_SIZE", defaultValue = "100")
  int batchSize;

  // How long a claimed batch is kept from the other instances: longer than settling it takes.
  @Inject
  @ConfigProperty(name = "RECONCILE_LEASE_SECONDS", defaultValue = "300")
  long leaseSeconds;

  private ScheduledFuture<?> task;

  @PostConstruct
  void start() {
    task =
        scheduler.scheduleWithFixedDelay(
            this::settleDue, 2, Math.max(1, intervalSeconds), TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  void settleDue() {
    metrics.count("payment_reconciliation_runs", "Rounds of settling unsettled charges");
    try {
      for (int batch = 0; batch < MAX_BATCHES_PER_ROUND; batch++) {
        List<Long> due =
            orders.claimDuePaymentChecks(
                Duration.ofSeconds(graceSeconds), batchSize, Duration.ofSeconds(leaseSeconds));
        due.forEach(this::settle);
        if (due.size() < batchSize) {
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Payment settling failed; the next round tries again", e);
    }
  }

  private void settle(long id) {
    try {
      OrderView order = orders.require(id);
      Optional<Payment> payment = payments.findByOrder(id);
      if (payment.isEmpty()) {
        if (!giveUpIfDue(order)) {
          LOG.info(() -> "Order " + id + ": no payment known; charging again, same key");
          orchestrator.charge(order);
          settled("charged_again");
        }
        return;
      }
      Optional<PaymentState> state = payment.get().state();
      if (state.isPresent() && state.get() == PaymentState.COMPLETED) {
        orchestrator.settle(id, ChargeOutcome.COMPLETED, "reconciliation");
        settled("paid");
      } else if (state.isPresent() && state.get() != PaymentState.PENDING) {
        orchestrator.settle(id, ChargeOutcome.FAILED, "reconciliation");
        settled("failed");
      } else if (!giveUpIfDue(order)) {
        orchestrator.settle(id, ChargeOutcome.PENDING, "reconciliation");
        settled("still_pending");
      }
    } catch (PaymentLookupFailedException e) {
      postpone(id);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Order " + id + " not settled now; tried again later", e);
      postpone(id);
    }
  }

  private void settled(String outcome) {
    metrics.count(
        "payment_reconciliation_orders",
        "Orders the settling looked at, by what it found: paid, failed, still_pending,"
            + " charged_again, given_up",
        "outcome",
        outcome);
  }

  private boolean giveUpIfDue(OrderView order) {
    if (!retryPolicy.givenUp(order.createdAt())) {
      return false;
    }
    LOG.warning(() -> "Order " + order.id() + ": no final payment answer in time; given up");
    ConflictRetry.retrying(
        () ->
            orders.applyIfStill(
                order.id(),
                OrderStatus.PAYMENT_PROCESSING,
                OrderEvent.PAYMENT_GIVEN_UP,
                "no final answer from the Payment Service in time; a payment reported later"
                    + " still counts"));
    settled("given_up");
    return true;
  }

  private void postpone(long id) {
    try {
      ConflictRetry.retrying(() -> orders.paymentNotSettled(id));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Order " + id + ": next payment check not recorded", e);
    }
  }
}
