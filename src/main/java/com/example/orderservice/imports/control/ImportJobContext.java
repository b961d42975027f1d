package com.example.orderservice.imports.control;

import jakarta.batch.runtime.context.JobContext;

/** Reads the import a running job works on from its job properties. */
final class ImportJobContext {

  private ImportJobContext() {}

  static long importId(JobContext job) {
    return Long.parseLong(job.getProperties().getProperty("importId"));
  }
}
