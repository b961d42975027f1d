package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.ImportStatus;
import com.example.orderservice.imports.entity.OrderImport;
import com.example.orderservice.platform.ApiProblem;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts, stops and resumes the Jakarta Batch job of an import in this instance (which owns the
 * import: see {@link ImportOwnership}). A resumed import runs as a new job execution that reads the
 * import's own checkpoint, so an execution a dead server left {@code STARTED} in the job repository
 * never blocks it.
 */
@ApplicationScoped
public class ImportJobs {

  static final String JOB = "order-import";
  private static final Logger LOG = Logger.getLogger(ImportJobs.class.getName());
  private static final Duration STOPPING_WAIT = Duration.ofSeconds(30);

  @Inject ImportStore store;

  @Inject
  @ConfigProperty(name = "IMPORT_CHUNK_SIZE", defaultValue = "200")
  int chunkSize;

  /** Imports whose job runs in this instance now, with their executions: one job per import. */
  private final Map<Long, Long> running = new ConcurrentHashMap<>();

  /** Notified whenever an import leaves {@link #running}. */
  private final Object left = new Object();

  /** Starts the job of an import this instance owns. */
  public void start(long importId) {
    if (running.putIfAbsent(importId, -1L) != null) {
      throw ApiProblem.conflict("Import " + importId + " is already running.");
    }
    Properties parameters = new Properties();
    parameters.setProperty("importId", String.valueOf(importId));
    parameters.setProperty("chunkSize", String.valueOf(chunkSize));
    long execution;
    try {
      execution = operator().start(JOB, parameters);
      running.replace(importId, -1L, execution);
    } catch (RuntimeException e) {
      forget(importId);
      throw e;
    }
    LOG.info(() -> "Import " + importId + " runs as job execution " + execution);
  }

  /** Called when an import's job has ended, whatever the outcome. */
  void ended(long importId) {
    forget(importId);
  }

  private void forget(long importId) {
    running.remove(importId);
    synchronized (left) {
      left.notifyAll();
    }
  }

  /** The imports whose jobs run here. */
  public Set<Long> runningHere() {
    return Set.copyOf(running.keySet());
  }

  /** Stops this instance's job of an import it no longer owns (after its current chunk). */
  void stopHere(long importId) {
    Long execution = running.get(importId);
    if (execution == null || execution < 0) {
      return;
    }
    try {
      operator().stop(execution);
    } catch (NoSuchJobExecutionException
        | jakarta.batch.operations.JobExecutionNotRunningException e) {
      forget(importId);
    }
  }

  /** Goes on with a failed or stopped import where it left off, in this instance. */
  public void restart(long importId) {
    OrderImport upload = store.require(importId);
    if (!ImportStatus.RESTARTABLE.contains(upload.getStatus())
        || !store.claimForRestart(importId)) {
      throw ApiProblem.conflict(
          "Import "
              + importId
              + " is "
              + upload.getStatus().jsonName()
              + "; only failed or stopped ones restart.");
    }
    awaitEndedHere(importId);
    start(importId);
  }

  // A DELETE marks the import stopped at once, while its job here may still finish its current
  // chunk or page: a restart right after it waits for that job to end (seen on WildFly: 409).
  private void awaitEndedHere(long importId) {
    long deadline = System.nanoTime() + STOPPING_WAIT.toNanos();
    synchronized (left) {
      long wait;
      while (running.containsKey(importId) && (wait = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(left, wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Stops a running import: it is marked stopped at once, in the database, so that no instance
   * takes it over; its job (here, or in the instance that runs it, whose heartbeat sees the mark)
   * stops at its current chunk, which the fence of that chunk's transaction leaves uncommitted.
   */
  public void stop(long importId) {
    if (!store.markStopped(importId)) {
      OrderImport upload = store.require(importId);
      throw ApiProblem.conflict(
          "Import " + importId + " is " + upload.getStatus().jsonName() + ", not running.");
    }
    stopHere(importId);
  }

  private static JobOperator operator() {
    return BatchRuntime.getJobOperator();
  }
}
