package com.example.orderservice.platform;

import jakarta.persistence.EntityManager;
import java.time.Duration;

/**
 * Lets one instance of many run a periodic task per period: the task's row in {@code
 * background_tasks} is claimed with the database's clock, so the others skip that round.
 */
public final class TaskClaims {

  private TaskClaims() {}

  /**
   * True when this instance may run {@code task} now: nobody ran it within {@code period}. Runs in
   * the caller's transaction; the claim holds from its commit.
   */
  public static boolean claim(EntityManager em, String task, Duration period) {
    // The row is made on first use: a new task needs no migration.
    em.createNativeQuery(
            "INSERT INTO background_tasks (task, last_run_at, run_by)"
                + " VALUES (?1, '-infinity', NULL) ON CONFLICT (task) DO NOTHING")
        .setParameter(1, task)
        .executeUpdate();
    return em.createNativeQuery(
                "UPDATE background_tasks SET last_run_at = now(), run_by = ?1 WHERE task = ?2"
                    + " AND last_run_at <= now() - make_interval(secs => ?3)")
            .setParameter(1, InstanceIdentity.id())
            .setParameter(2, task)
            .setParameter(3, (double) period.toMillis() / 1000)
            .executeUpdate()
        == 1;
  }
}
