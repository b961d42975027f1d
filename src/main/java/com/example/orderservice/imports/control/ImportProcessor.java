package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.SourceOrder;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

/** Checks each read order against the order rules. */
@Named("importProcessor")
@Dependent
public class ImportProcessor implements ItemProcessor {

  @Override
  public Object processItem(Object item) {
    return ImportRules.check((SourceOrder) item);
  }
}
