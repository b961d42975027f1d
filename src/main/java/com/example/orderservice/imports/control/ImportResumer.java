package com.example.orderservice.imports.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At start-up, resumes the imports a previous run of the server left queued or running (it was
 * killed or crashed): each goes on from its last committed chunk.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
public class ImportResumer {

  private static final Logger LOG = Logger.getLogger(ImportResumer.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject ImportStore store;
  @Inject ImportJobs jobs;

  private final java.time.Instant bootTime = java.time.Instant.now();

  @PostConstruct
  void scheduleResume() {
    // Once the application is deployed, so that the batch runtime finds the job's artifacts.
    scheduler.schedule(this::resumeUnfinished, 2, TimeUnit.SECONDS);
  }

  void resumeUnfinished() {
    for (Long importId : store.unfinishedBefore(bootTime)) {
      try {
        LOG.info(() -> "Resuming import " + importId + " left unfinished by the previous run");
        jobs.start(importId);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Import " + importId + " could not be resumed", e);
      }
    }
  }
}
