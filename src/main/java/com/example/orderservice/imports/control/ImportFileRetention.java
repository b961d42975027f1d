package com.example.orderservice.imports.control;

import com.example.orderservice.platform.TaskClaims;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hourly, on one instance of many: removes the files of imports that ended {@code
 * IMPORT_FILE_RETENTION_HOURS} ago (a restart of such an import then fails, saying so), and uploads
 * that never became an import (a request that died halfway) a day after they began.
 */
@Stateless
public class ImportFileRetention {

  private static final Logger LOG = Logger.getLogger(ImportFileRetention.class.getName());

  @PersistenceContext EntityManager em;

  @Inject
  @ConfigProperty(name = "IMPORT_FILE_RETENTION_HOURS", defaultValue = "168")
  long retentionHours;

  @Schedule(hour = "*", minute = "41", persistent = false)
  public void removeExpired() {
    if (!TaskClaims.claim(em, "import-file-retention", Duration.ofMinutes(50))) {
      return;
    }
    int removed =
        em.createNativeQuery(
                "DELETE FROM import_files f WHERE EXISTS (SELECT 1 FROM order_imports i"
                    + " WHERE i.file_id = f.id AND i.status NOT IN ('queued', 'running')"
                    + " AND i.finished_at < now() - make_interval(hours => ?1))"
                    + " OR (NOT EXISTS (SELECT 1 FROM order_imports i WHERE i.file_id = f.id)"
                    + " AND f.created_at < now() - interval '1 day')")
            .setParameter(1, (int) retentionHours)
            .executeUpdate();
    if (removed > 0) {
      LOG.info(() -> "Removed " + removed + " import files past their retention");
    }
  }
}
