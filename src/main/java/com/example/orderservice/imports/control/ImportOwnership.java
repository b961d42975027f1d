package com.example.orderservice.imports.control;

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
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every instance's part in owning imports: a heartbeat that extends the leases of the imports whose
 * jobs run here (and stops a job whose import is no longer this instance's: taken over, or stopped
 * through another instance), and a periodic takeover of unfinished imports whose owner's lease ran
 * out, which go on from their last checkpoint here. A starting instance takes over nothing that a
 * live one still holds. A graceful stop hands this instance's imports on at once.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ImportOwnership {

  private static final Logger LOG = Logger.getLogger(ImportOwnership.class.getName());

  // Imports taken over per heartbeat at most: the rest wait for the next one (or another instance).
  private static final int TAKEOVERS_PER_BEAT = 2;

  @Resource ManagedThreadFactory threadFactory;
  @Inject ImportStore store;
  @Inject ImportJobs jobs;

  @Inject
  @ConfigProperty(name = "IMPORT_HEARTBEAT_SECONDS", defaultValue = "5")
  long heartbeatSeconds;

  private ScheduledExecutorService heart;

  @PostConstruct
  void start() {
    // A thread of its own: on the server's shared scheduled executor a long outbox drain or
    // settling round delayed the beats until the lease ran out and another instance took over.
    heart = Executors.newSingleThreadScheduledExecutor(threadFactory);
    // The first beat once the application is deployed, so that the batch runtime finds the job.
    heart.scheduleWithFixedDelay(this::beat, 2, Math.max(1, heartbeatSeconds), TimeUnit.SECONDS);
  }

  @PreDestroy
  void handOn() {
    heart.shutdownNow();
    Set<Long> here = jobs.runningHere();
    try {
      store.releaseLeases(here);
      if (!here.isEmpty()) {
        LOG.info(() -> "Stopping: imports " + here + " handed on to the other instances");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Imports " + here + " not handed on; their leases run out", e);
    }
  }

  void beat() {
    try {
      keepLeases();
      takeOverExpired();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Import heartbeat failed; the next one tries again", e);
    }
  }

  private void keepLeases() {
    Set<Long> here = jobs.runningHere();
    Set<Long> lost = new HashSet<>(here);
    lost.removeAll(store.extendLeases(here));
    for (Long importId : lost) {
      // Ended meanwhile (its job is finishing), stopped elsewhere, or taken over: stop here.
      if (jobs.runningHere().contains(importId)) {
        LOG.info(() -> "Import " + importId + " is no longer run by this instance; its job stops");
        jobs.stopHere(importId);
      }
    }
  }

  private void takeOverExpired() {
    for (int i = 0; i < TAKEOVERS_PER_BEAT; i++) {
      Optional<Long> taken = store.takeOverExpired();
      if (taken.isEmpty()) {
        return;
      }
      long importId = taken.get();
      LOG.info(() -> "Taking over import " + importId + ": its owner's lease ran out");
      try {
        jobs.start(importId);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Import " + importId + " could not be taken over", e);
      }
    }
  }
}
