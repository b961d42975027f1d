package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.ImportedOrder;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Saves a chunk of checked orders, in the chunk's transaction. */
@Named("importWriter")
@Dependent
public class ImportWriter extends AbstractItemWriter {

  @Inject JobContext job;
  @Inject ImportStore store;

  @Override
  public void writeItems(List<Object> items) {
    store.writeChunk(
        ImportJobContext.importId(job), items.stream().map(ImportedOrder.class::cast).toList());
  }
}
