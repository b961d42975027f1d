package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.IdempotencyRecord;
import com.example.orderservice.platform.ApiProblem;
import com.example.orderservice.platform.TaskClaims;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code Idempotency-Key} of order creation, with Stripe's semantics: the first answer is kept
 * (at least {@code IDEMPOTENCY_RETENTION_HOURS}); a repeat with the same body gets it again and
 * creates nothing; the same key with another body is a 422; a repeat while the first is still
 * running is a 409. A key that created an order answers that order for its whole retention, even
 * when its first request died after the order's commit.
 */
@Stateless
public class IdempotentRequests {

  /** A request still unfinished after this long died with its server; its key may be reused. */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

  @PersistenceContext EntityManager em;

  @Inject
  @ConfigProperty(name = "IDEMPOTENCY_RETENTION_HOURS", defaultValue = "24")
  long retentionHours;

  /** The stored answer to replay, or the order the key created (then {@code body} is null). */
  public record StoredAnswer(int status, String body, String location, Long orderId) {}

  /**
   * Claims {@code key} for a new request, or answers the stored answer of an earlier one.
   *
   * @throws ApiProblem 422 for the same key with another body, 409 while the first still runs
   */
  public Optional<StoredAnswer> begin(String key, String requestHash) {
    IdempotencyRecord record = em.find(IdempotencyRecord.class, key);
    if (record != null && isStale(record)) {
      em.remove(record);
      em.flush();
      record = null;
    }
    if (record == null) {
      try {
        em.persist(new IdempotencyRecord(key, requestHash));
        em.flush();
      } catch (PersistenceException raced) {
        throw stillRunning();
      }
      return Optional.empty();
    }
    if (!record.getRequestHash().equals(requestHash)) {
      throw new ApiProblem(
          422,
          "Unprocessable Content",
          "This Idempotency-Key was used with a different request body; use a new key for a new"
              + " order.",
          java.util.List.of());
    }
    if (!record.isFinished()) {
      if (record.getOrderId() != null && isAbandoned(record)) {
        // Its request died after the order was committed: the key stands for that order.
        return Optional.of(new StoredAnswer(201, null, null, record.getOrderId()));
      }
      throw stillRunning();
    }
    return Optional.of(
        new StoredAnswer(
            record.getResponseStatus(),
            record.getResponseBody(),
            record.getLocation(),
            record.getOrderId()));
  }

  /** The order the request with {@code key} created, if it got that far. */
  public Optional<Long> createdOrder(String key) {
    IdempotencyRecord record = em.find(IdempotencyRecord.class, key);
    return Optional.ofNullable(record == null ? null : record.getOrderId());
  }

  public void complete(String key, int status, String body, String location) {
    IdempotencyRecord record = em.find(IdempotencyRecord.class, key);
    if (record != null) {
      record.answered(status, body, location);
    }
  }

  /**
   * Forgets a key whose request failed on our side before it created an order, so that the client
   * may try again; a key that created one keeps it.
   */
  public void abandon(String key) {
    IdempotencyRecord record = em.find(IdempotencyRecord.class, key);
    if (record != null && record.getOrderId() == null) {
      em.remove(record);
    }
  }

  /**
   * Hourly: forget keys older than the retention. Non-persistent, so no cluster is needed: of
   * several instances, the one that claims the hour's run in the database does it.
   */
  @Schedule(hour = "*", minute = "17", persistent = false)
  public void purgeExpired() {
    if (!TaskClaims.claim(em, "idempotency-purge", Duration.ofMinutes(50))) {
      return;
    }
    em.createQuery("DELETE FROM IdempotencyRecord r WHERE r.createdAt < :cutoff")
        .setParameter("cutoff", Instant.now().minus(Duration.ofHours(retentionHours)))
        .executeUpdate();
  }

  private boolean isStale(IdempotencyRecord record) {
    return record.getCreatedAt().isBefore(Instant.now().minus(Duration.ofHours(retentionHours)))
        || (!record.isFinished() && record.getOrderId() == null && isAbandoned(record));
  }

  private static boolean isAbandoned(IdempotencyRecord record) {
    return record.getCreatedAt().isBefore(Instant.now().minus(ABANDONED_AFTER));
  }

  private static ApiProblem stillRunning() {
    return ApiProblem.conflict(
        "A request with this Idempotency-Key is still being processed; repeat it later.");
  }
}
