package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.ImportedOrder;
import com.example.orderservice.platform.DatabaseFailures;
import com.example.orderservice.platform.metrics.Metrics;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Saves a chunk of checked orders in one transaction; when the database refuses the chunk, saves
 * its orders one by one and rejects alone, with its line, each order it still refuses, so that one
 * bad row never fails an import. An unreachable database fails the job instead: a restart resumes.
 */
@Named("importWriter")
@Dependent
public class ImportWriter extends AbstractItemWriter {

  private static final Logger LOG = Logger.getLogger(ImportWriter.class.getName());

  /** Attempts of one order that lost a deadlock or serialization race before it is rejected. */
  static final int TRANSIENT_ATTEMPTS = 3;

  @Inject JobContext job;
  @Inject ImportStore store;
  @Inject Metrics metrics;

  @Override
  public void writeItems(List<Object> items) {
    long importId = ImportJobContext.importId(job);
    List<ImportedOrder> chunk = items.stream().map(ImportedOrder.class::cast).toList();
    try {
      store.writeChunk(importId, chunk);
      counted(chunk);
    } catch (RuntimeException refused) {
      if (refused instanceof ImportNotOwnedException || DatabaseFailures.isUnavailable(refused)) {
        throw refused;
      }
      LOG.log(
          Level.INFO,
          "Import {0}: a chunk of {1} orders was refused ({2}); saving them one by one",
          new Object[] {importId, chunk.size(), DatabaseFailures.sqlState(refused).orElse("-")});
      chunk.forEach(item -> writeAlone(importId, item));
    }
  }

  /** Rows of the file committed; their rate is the import's speed in rows per second. */
  private void counted(List<ImportedOrder> saved) {
    metrics.count(
        "import_rows_processed",
        "CSV rows and batch orders read and committed by imports",
        saved.stream().mapToLong(i -> i.source().rows()).sum());
  }

  private void writeAlone(long importId, ImportedOrder item) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= TRANSIENT_ATTEMPTS; attempt++) {
      try {
        store.writeChunk(importId, List.of(item));
        counted(List.of(item));
        return;
      } catch (ImportNotOwnedException taken) {
        throw taken;
      } catch (RuntimeException refused) {
        DatabaseFailures.Kind kind = DatabaseFailures.classify(refused);
        if (kind == DatabaseFailures.Kind.UNAVAILABLE) {
          throw refused;
        }
        last = refused;
        if (kind != DatabaseFailures.Kind.TRANSIENT) {
          break;
        }
      }
    }
    LOG.log(
        Level.WARNING,
        "Import " + importId + ": line " + item.source().firstLine() + " refused by the database",
        last);
    store.rejectAlone(importId, item, RefusalReasons.of(item, last));
  }
}
