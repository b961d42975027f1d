package com.example.orderservice.imports.entity;

import java.util.Locale;
import java.util.Set;

/** The states of an import (bulk-import.md); stored and shown in lower case. */
public enum ImportStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  COMPLETED_WITH_ERRORS,
  FAILED,
  STOPPED;

  /** States an instance takes over when their owner is gone: the import was going on. */
  public static final Set<ImportStatus> UNFINISHED = Set.of(QUEUED, RUNNING);

  /** States {@code POST …/restart} accepts. */
  public static final Set<ImportStatus> RESTARTABLE = Set.of(FAILED, STOPPED);

  /** The name stored and shown, for example {@code completed_with_errors}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status a stored name stands for. */
  public static ImportStatus ofJsonName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
