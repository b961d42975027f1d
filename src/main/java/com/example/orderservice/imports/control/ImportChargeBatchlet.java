package com.example.orderservice.imports.control;

import com.example.orderservice.orders.control.ImportChargeClaims;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.concurrent.TimeUnit;

/**
 * The import's charge step, run by its owner: opens the charging of its orders to every live
 * instance ({@link ImportChargeWorkers}, the same orchestration and idempotency keys as a single
 * {@code POST /api/v1/orders/}, so a resumed import never charges twice), then waits until none of
 * its orders waits for a first charge any more.
 */
@Named("importChargeBatchlet")
@Dependent
public class ImportChargeBatchlet extends AbstractBatchlet {

  // How often the owner looks whether charging is done: one probe of a partial index.
  private static final long CHECK_MILLIS = 250;

  @Inject JobContext job;
  @Inject ImportStore store;
  @Inject ImportChargeClaims claims;
  @Inject ImportChargeWorkers workers;

  private volatile boolean stopping;

  @Override
  public String process() throws InterruptedException {
    long importId = ImportJobContext.importId(job);
    store.chargingStarted(importId);
    workers.kick();
    while (claims.anyWaiting(importId)) {
      if (stopping) {
        return BatchStatus.STOPPED.name();
      }
      TimeUnit.MILLISECONDS.sleep(CHECK_MILLIS);
    }
    return BatchStatus.COMPLETED.name();
  }

  @Override
  public void stop() {
    stopping = true;
  }
}
