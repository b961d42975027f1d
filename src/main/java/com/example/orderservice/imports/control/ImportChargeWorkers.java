package com.example.orderservice.imports.control;

import com.example.orderservice.orders.control.ImportChargeClaims;
import com.example.orderservice.orders.control.OrderOrchestrator;
import com.example.orderservice.orders.entity.ChargeClaim;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Charges the orders of every import in its charging phase, on every live instance: {@code
 * IMPORT_PAYMENT_PARALLELISM} threads here each claim a small page of an import's waiting orders
 * ({@link ImportChargeClaims}), charge them one after another through the same orchestration as a
 * single order, record the page, and claim the next, until none is left. Pages claimed by an
 * instance that died come back once their lease ran out.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ImportChargeWorkers {

  private static final Logger LOG = Logger.getLogger(ImportChargeWorkers.class.getName());

  @Resource ManagedThreadFactory threadFactory;
  @Inject ImportStore store;
  @Inject ImportChargeClaims claims;
  @Inject OrderOrchestrator orchestrator;

  @Inject
  @ConfigProperty(name = "IMPORT_PAYMENT_PARALLELISM", defaultValue = "16")
  int parallelism;

  // Small pages: the progress moves by a page, and a dead instance strands at most a page a thread.
  @Inject
  @ConfigProperty(name = "IMPORT_CHARGE_PAGE", defaultValue = "10")
  int pageSize;

  // Longer than charging a page takes, retries included; then the page goes to another instance.
  @Inject
  @ConfigProperty(name = "IMPORT_CHARGE_LEASE_SECONDS", defaultValue = "120")
  long leaseSeconds;

  @Inject
  @ConfigProperty(name = "IMPORT_CHARGE_POLL_MS", defaultValue = "1000")
  long pollMillis;

  // Longer than one charge with its retries usually takes, shorter than a server's stop timeout.
  private static final long STOP_WAIT_SECONDS = 40;

  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean stopping;
  private ExecutorService threads;
  private ScheduledExecutorService poller;

  @PostConstruct
  void start() {
    // Long-lived threads of a managed factory: a managed executor would capture the application's
    // context again for every task.
    threads = Executors.newFixedThreadPool(Math.max(1, parallelism), threadFactory);
    // Its own thread, as ImportOwnership's heartbeat: the server's shared scheduled executor may be
    // busy with an outbox drain for a long while.
    poller = Executors.newSingleThreadScheduledExecutor(threadFactory);
    poller.scheduleWithFixedDelay(
        this::kick, pollMillis, Math.max(100, pollMillis), TimeUnit.MILLISECONDS);
  }

  /**
   * A graceful stop: each thread finishes the charge in flight (an interrupted call would leave its
   * outcome unknown) and stops; the orders still claimed but not charged go back to the others.
   */
  @PreDestroy
  void stop() {
    stopping = true;
    poller.shutdownNow();
    threads.shutdown();
    try {
      if (!threads.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        threads.shutdownNow();
      }
      claims.release();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Claimed orders not handed back; their leases run out", e);
    }
  }

  /** Puts idle threads to work if some import is charging (its owner calls this at once). */
  public void kick() {
    if (stopping || active.get() >= parallelism) {
      return;
    }
    List<Long> charging;
    try {
      charging = store.charging();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Looking for imports to charge failed; the next poll tries again", e);
      return;
    }
    while (!charging.isEmpty() && active.get() < Math.max(1, parallelism)) {
      active.incrementAndGet();
      threads.execute(this::chargeWhileWaiting);
    }
  }

  private void chargeWhileWaiting() {
    try {
      boolean claimedAny;
      do {
        claimedAny = false;
        for (Long importId : store.charging()) {
          List<ChargeClaim> page =
              claims.claim(importId, pageSize, Duration.ofSeconds(leaseSeconds));
          if (stopping) {
            return;
          }
          if (!page.isEmpty()) {
            claimedAny = true;
            orchestrator.chargeAll(page, () -> stopping);
          }
        }
      } while (claimedAny && !stopping);
    } catch (RuntimeException e) {
      // The claimed page comes back after its lease; the next poll starts a thread again.
      LOG.log(Level.WARNING, "Charging an import's page failed; its lease hands it on", e);
    } finally {
      active.decrementAndGet();
    }
  }
}
