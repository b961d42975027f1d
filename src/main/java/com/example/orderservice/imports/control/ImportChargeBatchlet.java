package com.example.orderservice.imports.control;

import com.example.orderservice.orders.control.OrderOrchestrator;
import com.example.orderservice.orders.entity.OrderView;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * Charges one partition of an import's waiting orders through the same orchestration as a single
 * {@code POST /api/v1/orders/} (same idempotency keys, so a resumed import never charges twice;
 * confirmation mails through the outbox), a page at a time: the page's completed payments are
 * recorded in one transaction.
 */
@Named("importChargeBatchlet")
@Dependent
public class ImportChargeBatchlet extends AbstractBatchlet {

  private static final int PAGE = 100;

  @Inject JobContext job;
  @Inject ImportStore store;
  @Inject OrderOrchestrator orchestrator;

  @Inject
  @BatchProperty(name = "partition")
  String partition;

  @Inject
  @BatchProperty(name = "partitions")
  String partitions;

  private volatile boolean stopping;

  @Override
  public String process() {
    long importId = ImportJobContext.importId(job);
    int part = Integer.parseInt(partition);
    int parts = Integer.parseInt(partitions);
    long after = 0;
    List<OrderView> page;
    do {
      page = store.awaitingCharge(importId, part, parts, after, PAGE);
      orchestrator.chargeAll(page, () -> stopping);
      if (stopping) {
        return BatchStatus.STOPPED.name();
      }
      if (!page.isEmpty()) {
        after = page.get(page.size() - 1).id();
      }
    } while (page.size() == PAGE);
    return BatchStatus.COMPLETED.name();
  }

  @Override
  public void stop() {
    stopping = true;
  }
}
