package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.ImportStatus;
import com.example.orderservice.imports.entity.OrderImport;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Keeps the import's status in step with its job: running, then how it ended and why (only while
 * this instance owns the import: one taken over is ended by its new owner).
 */
@Named("importJobListener")
@Dependent
public class ImportJobListener extends AbstractJobListener {

  /** Exit status prefix an artifact sets to fail the import with a reason. */
  static final String FAILED_PREFIX = "FAILED: ";

  @Inject JobContext job;
  @Inject ImportStore store;
  @Inject ImportJobs jobs;

  @Override
  public void beforeJob() {
    store.started(ImportJobContext.importId(job), job.getExecutionId());
  }

  @Override
  public void afterJob() {
    long importId = ImportJobContext.importId(job);
    try {
      record(importId);
    } finally {
      jobs.ended(importId);
    }
  }

  private void record(long importId) {
    BatchStatus status = job.getBatchStatus();
    String exit = job.getExitStatus();
    OrderImport upload = store.require(importId);
    if (status == BatchStatus.STOPPING || status == BatchStatus.STOPPED) {
      store.finishedByOwner(importId, ImportStatus.STOPPED, null);
    } else if (exit != null && exit.startsWith(FAILED_PREFIX)) {
      store.finishedByOwner(importId, ImportStatus.FAILED, exit.substring(FAILED_PREFIX.length()));
    } else if (status == BatchStatus.FAILED
        || upload.getTotalRows() == null
        || upload.getProcessedRows() < upload.getTotalRows()) {
      store.finishedByOwner(
          importId,
          ImportStatus.FAILED,
          "the import job failed after "
              + upload.getProcessedRows()
              + " rows (see the server log); POST …/restart resumes it");
    } else {
      store.finishedByOwner(
          importId,
          upload.getOrdersRejected() == 0
              ? ImportStatus.COMPLETED
              : ImportStatus.COMPLETED_WITH_ERRORS,
          null);
    }
  }
}
