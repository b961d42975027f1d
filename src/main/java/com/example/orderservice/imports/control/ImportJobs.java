package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.ImportStatus;
import com.example.orderservice.imports.entity.OrderImport;
import com.example.orderservice.platform.ApiProblem;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Properties;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts, stops and resumes the Jakarta Batch job of an import. A resumed import runs as a new job
 * execution that reads the import's own checkpoint, so an execution a dead server left {@code
 * STARTED} in the job repository never blocks it.
 */
@ApplicationScoped
public class ImportJobs {

  static final String JOB = "order-import";
  private static final Logger LOG = Logger.getLogger(ImportJobs.class.getName());

  @Inject ImportStore store;

  @Inject
  @ConfigProperty(name = "IMPORT_CHUNK_SIZE", defaultValue = "200")
  int chunkSize;

  /** Imports whose job runs in this server now: one job per import, whoever asks. */
  private final java.util.Set<Long> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public void start(long importId) {
    if (!running.add(importId)) {
      throw ApiProblem.conflict("Import " + importId + " is already running.");
    }
    Properties parameters = new Properties();
    parameters.setProperty("importId", String.valueOf(importId));
    parameters.setProperty("chunkSize", String.valueOf(chunkSize));
    long execution;
    try {
      execution = operator().start(JOB, parameters);
    } catch (RuntimeException e) {
      running.remove(importId);
      throw e;
    }
    LOG.info(() -> "Import " + importId + " runs as job execution " + execution);
  }

  /** Called when an import's job has ended, whatever the outcome. */
  void ended(long importId) {
    running.remove(importId);
  }

  /** Goes on with a failed or stopped import where it left off. */
  public void restart(long importId) {
    OrderImport upload = store.require(importId);
    if (!ImportStatus.RESTARTABLE.contains(upload.getStatus())) {
      throw ApiProblem.conflict(
          "Import "
              + importId
              + " is "
              + upload.getStatus()
              + "; only failed or stopped ones restart.");
    }
    start(importId);
  }

  /** Asks a running import to stop after its current chunk. */
  public void stop(long importId) {
    OrderImport upload = store.require(importId);
    if (!ImportStatus.UNFINISHED.contains(upload.getStatus()) || upload.getJobExecution() == null) {
      throw ApiProblem.conflict(
          "Import " + importId + " is " + upload.getStatus() + ", not running.");
    }
    try {
      JobOperator operator = operator();
      BatchStatus status = operator.getJobExecution(upload.getJobExecution()).getBatchStatus();
      if (status == BatchStatus.STARTED || status == BatchStatus.STARTING) {
        operator.stop(upload.getJobExecution());
        return;
      }
    } catch (NoSuchJobExecutionException
        | jakarta.batch.operations.JobExecutionNotRunningException e) {
      // the execution is gone or over: mark the import below
    }
    store.finished(importId, ImportStatus.STOPPED, null);
  }

  private static JobOperator operator() {
    return BatchRuntime.getJobOperator();
  }
}
