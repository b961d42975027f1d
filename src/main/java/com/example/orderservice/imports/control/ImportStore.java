package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.ImportError;
import com.example.orderservice.imports.entity.ImportStatus;
import com.example.orderservice.imports.entity.ImportView;
import com.example.orderservice.imports.entity.ImportedOrder;
import com.example.orderservice.imports.entity.OrderImport;
import com.example.orderservice.imports.entity.RejectedRow;
import com.example.orderservice.orders.control.OrderStore;
import com.example.orderservice.orders.control.OrderValidator;
import com.example.orderservice.orders.entity.Order;
import com.example.orderservice.platform.ApiProblem;
import com.example.orderservice.platform.InstanceIdentity;
import com.example.orderservice.platform.metrics.Metrics;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The imports' database work. {@link #writeChunk} saves a chunk's orders, its rejections and the
 * import's progress in the chunk's one transaction: after a crash the import resumes exactly where
 * the last committed chunk ended. An import is owned by one instance at a time: a lease on its row
 * ({@code owner}, {@code lease_until}, the database's clock) that the owner's heartbeat extends and
 * any instance takes over once it ran out.
 */
@Stateless
public class ImportStore {

  @PersistenceContext EntityManager em;
  @Inject Metrics metrics;
  // Orders owns every write to an order: the chunk hands it the accepted ones, in its transaction.
  @Inject OrderStore orders;

  // Longer than a few missed heartbeats: a busy instance must not lose its imports.
  @Inject
  @ConfigProperty(name = "IMPORT_LEASE_SECONDS", defaultValue = "30")
  long leaseSeconds;

  /** Records a new import, owned by this instance from the start. */
  public OrderImport create(OrderImport upload) {
    em.persist(upload);
    em.flush();
    em.createNativeQuery(
            "UPDATE order_imports SET owner = ?1, lease_until = now() + make_interval(secs => ?2)"
                + " WHERE id = ?3")
        .setParameter(1, InstanceIdentity.id())
        .setParameter(2, (double) leaseSeconds)
        .setParameter(3, upload.getId())
        .executeUpdate();
    return upload;
  }

  /**
   * Takes over one unfinished import whose owner's lease ran out (it died, or stopped without
   * handing it on), if there is one; {@code SKIP LOCKED}, so instances looking at once take
   * different ones.
   */
  @SuppressWarnings("unchecked")
  public Optional<Long> takeOverExpired() {
    List<Number> taken =
        em.createNativeQuery(
                "UPDATE order_imports SET owner = ?1,"
                    + " lease_until = now() + make_interval(secs => ?2)"
                    + " WHERE id = (SELECT id FROM order_imports"
                    + " WHERE status IN ('queued', 'running')"
                    + " AND (lease_until IS NULL OR lease_until < now())"
                    + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id")
            .setParameter(1, InstanceIdentity.id())
            .setParameter(2, (double) leaseSeconds)
            .getResultList();
    return taken.stream().findFirst().map(Number::longValue);
  }

  /**
   * The heartbeat: extends this instance's leases on {@code ids}; answers those it still owns
   * unfinished (another instance may have taken one over, or it was stopped elsewhere).
   */
  @SuppressWarnings("unchecked")
  public Set<Long> extendLeases(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    List<Number> kept =
        em.createNativeQuery(
                "UPDATE order_imports SET lease_until = now() + make_interval(secs => ?1)"
                    + " WHERE owner = ?2 AND status IN ('queued', 'running')"
                    + " AND id = ANY(CAST(?3 AS BIGINT[])) RETURNING id")
            .setParameter(1, (double) leaseSeconds)
            .setParameter(2, InstanceIdentity.id())
            .setParameter(3, arrayLiteral(ids))
            .getResultList();
    return kept.stream().map(Number::longValue).collect(Collectors.toSet());
  }

  /**
   * Hands {@code ids} on at once (a graceful stop): another instance may take them over now, and
   * this one's jobs, still winding down, can neither save nor end them any more.
   */
  public void releaseLeases(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    em.createNativeQuery(
            "UPDATE order_imports SET owner = NULL, lease_until = NULL WHERE owner = ?1"
                + " AND id = ANY(CAST(?2 AS BIGINT[]))")
        .setParameter(1, InstanceIdentity.id())
        .setParameter(2, arrayLiteral(ids))
        .executeUpdate();
  }

  /** Takes a failed or stopped import for a restart here; false when it is neither. */
  public boolean claimForRestart(long id) {
    return em.createNativeQuery(
                "UPDATE order_imports SET owner = ?1,"
                    + " lease_until = now() + make_interval(secs => ?2)"
                    + " WHERE id = ?3 AND status IN ('failed', 'stopped')")
            .setParameter(1, InstanceIdentity.id())
            .setParameter(2, (double) leaseSeconds)
            .setParameter(3, id)
            .executeUpdate()
        == 1;
  }

  /** Marks a queued or running import stopped; false when it is neither (or unknown). */
  public boolean markStopped(long id) {
    OrderImport upload = em.find(OrderImport.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (upload == null) {
      throw ApiProblem.notFound("There is no import " + id + ".");
    }
    if (!ImportStatus.UNFINISHED.contains(upload.getStatus())) {
      return false;
    }
    finished(id, ImportStatus.STOPPED, null);
    return true;
  }

  /** Its rows are all saved: from now on every live instance charges its waiting orders. */
  public void chargingStarted(long id) {
    em.createNativeQuery("UPDATE order_imports SET charging = true WHERE id = ?1")
        .setParameter(1, id)
        .executeUpdate();
  }

  /** Imports whose orders are being charged now (by any instance that has threads free). */
  public List<Long> charging() {
    return em.createQuery(
            "SELECT i.id FROM OrderImport i WHERE i.status = :running AND i.charging = true"
                + " ORDER BY i.id",
            Long.class)
        .setParameter("running", ImportStatus.RUNNING)
        .getResultList();
  }

  /** True while this instance owns the import. */
  public boolean ownedHere(long id) {
    return InstanceIdentity.id().equals(require(id).getOwner());
  }

  private static String arrayLiteral(Collection<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
  }

  public Optional<OrderImport> findBySha256(String sha256) {
    return em.createQuery("SELECT i FROM OrderImport i WHERE i.sha256 = :sha", OrderImport.class)
        .setParameter("sha", sha256)
        .getResultStream()
        .findFirst();
  }

  public Optional<OrderImport> findByIdempotencyKey(String key) {
    return em.createQuery(
            "SELECT i FROM OrderImport i WHERE i.idempotencyKey = :key", OrderImport.class)
        .setParameter("key", key)
        .getResultStream()
        .findFirst();
  }

  /** The import, or a 404 problem. */
  public OrderImport require(long id) {
    OrderImport found = em.find(OrderImport.class, id);
    if (found == null) {
      throw ApiProblem.notFound("There is no import " + id + ".");
    }
    return found;
  }

  public ImportView view(long id) {
    return view(require(id));
  }

  public List<ImportView> list(int skip, int limit) {
    return em
        .createQuery("SELECT i FROM OrderImport i ORDER BY i.id DESC", OrderImport.class)
        .setFirstResult(skip)
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(this::view)
        .toList();
  }

  public long count() {
    return em.createQuery("SELECT COUNT(i) FROM OrderImport i", Long.class).getSingleResult();
  }

  public List<RejectedRow> errors(long id) {
    require(id);
    return em
        .createQuery(
            "SELECT e FROM ImportError e WHERE e.importId = :id ORDER BY e.line, e.id",
            ImportError.class)
        .setParameter("id", id)
        .getResultList()
        .stream()
        .map(RejectedRow::of)
        .toList();
  }

  public void started(long id, long execution) {
    require(id).started(execution);
  }

  public void counted(long id, int rows, String warningsJson) {
    require(id).counted(rows, warningsJson);
  }

  public void finished(long id, ImportStatus status, String error) {
    require(id).finished(status, error);
    metrics.count("imports_finished", "Imports that ended, by how", "status", status.jsonName());
  }

  /**
   * {@link #finished}, by the import's job, only while this instance still owns the import and it
   * is unfinished: a job whose import was taken over (its heartbeat came too late) or stopped must
   * not end it otherwise.
   */
  public void finishedByOwner(long id, ImportStatus status, String error) {
    OrderImport upload = em.find(OrderImport.class, id, LockModeType.PESSIMISTIC_WRITE);
    // Stopped through the API meanwhile: it stays stopped, whatever its job ran into after that.
    if (upload != null
        && InstanceIdentity.id().equals(upload.getOwner())
        && ImportStatus.UNFINISHED.contains(upload.getStatus())) {
      finished(id, status, error);
    }
  }

  /**
   * The import, locked for this transaction, while this instance owns it and it runs; the fence
   * that keeps a job whose import was taken over from saving anything more.
   */
  private OrderImport requireOwned(long id) {
    OrderImport upload = em.find(OrderImport.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (upload == null
        || !InstanceIdentity.id().equals(upload.getOwner())
        || !ImportStatus.UNFINISHED.contains(upload.getStatus())) {
      throw new ImportNotOwnedException(id);
    }
    return upload;
  }

  /**
   * Saves one chunk: accepted orders (charged later), rejections, progress, in a transaction of its
   * own that is flushed here, so a refusal of the database surfaces to the writer, which can then
   * save the orders one by one. {@code processed_rows}, written with them, stays the checkpoint.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void writeChunk(long importId, List<ImportedOrder> chunk) {
    OrderImport upload = requireOwned(importId);
    KnownRefs known = knownRefs(importId, chunk);
    int rows = 0;
    int rejected = 0;
    int created = 0;
    for (ImportedOrder item : chunk) {
      rows += item.source().rows();
      List<RejectedRow> rejections = new ArrayList<>(item.rejections());
      if (item.accepted() && item.source().orderRef() != null) {
        known.duplicateOf(item).ifPresent(rejections::add);
      }
      if (rejections.isEmpty()) {
        orders.createImported(
            item.order(), importId, item.source().orderRef(), item.source().sourceLines());
        known.add(item);
        created++;
      } else {
        rejected++;
        rejections.forEach(
            r ->
                em.persist(
                    new ImportError(importId, r.line(), r.orderRef(), r.column(), r.message())));
        if (item.source().orderRef() != null) {
          known.rejectedRefs.add(item.source().orderRef());
        }
      }
    }
    upload.advanced(rows, rejected);
    em.flush();
    if (created > 0) {
      em.createNativeQuery(
              "UPDATE order_imports SET orders_created = orders_created + ?1 WHERE id = ?2")
          .setParameter(1, created)
          .setParameter(2, importId)
          .executeUpdate();
    }
  }

  /**
   * Rejects an order the database refused although it passed every rule: its rows count as
   * processed, its first line is reported with {@code reason}.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void rejectAlone(long importId, ImportedOrder item, String reason) {
    OrderImport upload = requireOwned(importId);
    em.persist(
        new ImportError(
            importId, item.source().firstLine(), item.source().orderRef(), null, reason));
    upload.advanced(item.source().rows(), 1);
  }

  /**
   * The chunk's order numbers that exist already, read with two queries for the whole chunk rather
   * than two per order.
   */
  private KnownRefs knownRefs(long importId, List<ImportedOrder> chunk) {
    // A ref holding NUL is never stored (its order is rejected), and as a query parameter
    // PostgreSQL would refuse it and the whole chunk with it.
    List<String> refs =
        chunk.stream()
            .map(i -> i.source().orderRef())
            .filter(r -> r != null && !OrderValidator.hasNul(r))
            .distinct()
            .toList();
    List<String> emails =
        chunk.stream()
            .filter(ImportedOrder::accepted)
            .map(i -> i.order().customerEmail())
            .distinct()
            .toList();
    KnownRefs known = new KnownRefs();
    if (refs.isEmpty()) {
      return known;
    }
    if (!emails.isEmpty()) {
      em.createQuery(
              "SELECT o FROM Order o WHERE o.customerEmail IN :emails AND o.orderRef IN :refs",
              Order.class)
          .setParameter("emails", emails)
          .setParameter("refs", refs)
          .getResultList()
          .forEach(
              o ->
                  known.orders.put(
                      KnownRefs.key(o.getCustomerEmail(), o.getOrderRef()),
                      new KnownRefs.Known(
                          o.getId(),
                          o.getImportId(),
                          o.getSourceLines(),
                          Long.valueOf(importId).equals(o.getImportId()))));
    }
    known.rejectedRefs.addAll(
        em.createQuery(
                "SELECT DISTINCT e.orderRef FROM ImportError e"
                    + " WHERE e.importId = :id AND e.orderRef IN :refs",
                String.class)
            .setParameter("id", importId)
            .setParameter("refs", refs)
            .getResultList());
    return known;
  }

  /** Order numbers already taken, by customer, and those this import rejected. */
  private static final class KnownRefs {

    record Known(long orderId, Long importId, String sourceLines, boolean thisImport) {}

    final Map<String, Known> orders = new HashMap<>();
    final java.util.Set<String> rejectedRefs = new java.util.HashSet<>();

    static String key(String email, String ref) {
      return email + "\n" + ref;
    }

    void add(ImportedOrder item) {
      if (item.source().orderRef() != null) {
        orders.put(
            key(item.order().customerEmail(), item.source().orderRef()),
            new Known(0, null, item.source().sourceLines(), true));
      }
    }

    /** Why this order may not be created a second time, if it may not. */
    Optional<RejectedRow> duplicateOf(ImportedOrder item) {
      String ref = item.source().orderRef();
      String email = item.order().customerEmail();
      long line = item.source().firstLine();
      Known earlier = orders.get(key(email, ref));
      if (earlier != null && earlier.thisImport()) {
        return Optional.of(notTogether(line, ref, earlier.sourceLines()));
      }
      if (earlier != null) {
        return Optional.of(
            new RejectedRow(
                line,
                ref,
                "order_ref",
                "order_ref "
                    + ref
                    + " of "
                    + email
                    + " was already imported (order "
                    + earlier.orderId()
                    + (earlier.importId() == null ? "" : ", import " + earlier.importId())
                    + "); it is not created twice"));
      }
      if (rejectedRefs.contains(ref)) {
        return Optional.of(notTogether(line, ref, "earlier, rejected,"));
      }
      return Optional.empty();
    }
  }

  private static RejectedRow notTogether(long line, String ref, String firstLines) {
    return new RejectedRow(
        line,
        ref,
        "order_ref",
        "the rows of order_ref "
            + ref
            + " must stand together; it already appeared on lines "
            + firstLines);
  }

  ImportView view(OrderImport upload) {
    return ImportView.of(upload);
  }
}
