package com.example.orderservice.imports.entity;

import java.util.Set;

/** The states of an import (bulk-import.md), as stored and shown. */
public final class ImportStatus {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String COMPLETED_WITH_ERRORS = "completed_with_errors";
  public static final String FAILED = "failed";
  public static final String STOPPED = "stopped";

  /** States a restart at start-up picks up: the server died while they were going on. */
  public static final Set<String> UNFINISHED = Set.of(QUEUED, RUNNING);

  /** States {@code POST …/restart} accepts. */
  public static final Set<String> RESTARTABLE = Set.of(FAILED, STOPPED);

  private ImportStatus() {}
}
