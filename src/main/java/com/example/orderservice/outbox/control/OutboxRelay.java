package com.example.orderservice.outbox.control;

import com.example.orderservice.outbox.entity.OutboxMessage;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivers the outbox: polls for due messages on a managed scheduled executor (non-persistent, so
 * it needs no cluster) and right after a transaction queued one, hands each to its {@link
 * OutboxHandler}, and records the outcome with exponential backoff and jitter. A message that
 * failed its last attempt is parked as dead.
 *
 * <p>Drains and deliveries run on long-lived threads of a managed thread factory: a managed
 * executor captures the application's context again for every task it is given, which cost more CPU
 * than the delivery itself when each commit and each message was a task.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Resource ManagedThreadFactory threadFactory;
  @Inject OutboxStore store;
  @Inject @Any Instance<OutboxHandler> handlerBeans;

  @Inject
  @ConfigProperty(name = "OUTBOX_POLL_MS", defaultValue = "1000")
  long pollMillis;

  @Inject
  @ConfigProperty(name = "OUTBOX_MAX_ATTEMPTS", defaultValue = "10")
  int maxAttempts;

  @Inject
  @ConfigProperty(name = "OUTBOX_BACKOFF_BASE_MS", defaultValue = "1000")
  long backoffBaseMillis;

  @Inject
  @ConfigProperty(name = "OUTBOX_BACKOFF_MAX_MS", defaultValue = "300000")
  long backoffMaxMillis;

  @Inject
  @ConfigProperty(name = "OUTBOX_BATCH_SIZE", defaultValue = "32")
  int batchSize;

  @Inject
  @ConfigProperty(name = "OUTBOX_LEASE_MS", defaultValue = "60000")
  long leaseMillis;

  private final Map<OutboxMessage.Kind, OutboxHandler> handlers =
      new EnumMap<>(OutboxMessage.Kind.class);
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean drainAgain = new AtomicBoolean();
  private ScheduledFuture<?> poller;
  private ExecutorService drainer;
  private ExecutorService deliveries;

  @PostConstruct
  void start() {
    handlerBeans.forEach(h -> handlers.put(h.kind(), h));
    drainer = Executors.newSingleThreadExecutor(threadFactory);
    // One thread per message of a claimed batch: the batch is delivered concurrently.
    deliveries = Executors.newFixedThreadPool(batchSize, threadFactory);
    poller =
        scheduler.scheduleWithFixedDelay(
            this::drain, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (poller != null) {
      poller.cancel(false);
    }
    drainer.shutdownNow();
    deliveries.shutdownNow();
  }

  /** A transaction queued a message: deliver it now instead of at the next poll. */
  public void onEnqueued(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxEnqueued event) {
    drainAgain.set(true);
    if (!draining.get()) {
      drainer.execute(this::drain);
    }
  }

  /** Delivers everything due; one drain at a time per server, others ask it to go on. */
  void drain() {
    if (!draining.compareAndSet(false, true)) {
      drainAgain.set(true);
      return;
    }
    try {
      do {
        drainAgain.set(false);
        List<OutboxMessage> batch;
        do {
          batch = store.claimDue(batchSize, leaseMillis);
          List<CompletableFuture<Long>> delivered =
              batch.stream()
                  .map(m -> CompletableFuture.supplyAsync(() -> deliver(m), deliveries))
                  .toList();
          List<Long> sent =
              delivered.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
          if (!sent.isEmpty()) {
            // Should this fail, the lease runs out and the peers see the keys again: harmless.
            store.markSent(sent);
          }
        } while (batch.size() == batchSize);
      } while (drainAgain.get());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Outbox drain failed; the next poll tries again", e);
    } finally {
      draining.set(false);
    }
  }

  /** The message's id once the peer accepted it; null after a failed attempt (recorded). */
  private Long deliver(OutboxMessage message) {
    try {
      handlers.get(message.getKind()).deliver(message);
      return message.getId();
    } catch (RuntimeException e) {
      long delay = backoff(message.getAttempts());
      LOG.log(
          Level.WARNING,
          "Outbox message {0} ({1}) attempt {2} failed: {3}",
          new Object[] {message.getId(), message.getIdempotencyKey(), message.getAttempts(), e});
      store.markFailed(message.getId(), String.valueOf(e.getMessage()), maxAttempts, delay);
      return null;
    }
  }

  /** Exponential backoff with full jitter, capped. */
  long backoff(int attempts) {
    long ceiling = Math.min(backoffMaxMillis, backoffBaseMillis << Math.min(attempts - 1, 20));
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }
}
