package com.example.orderservice.outbox.control;

import com.example.orderservice.outbox.entity.OutboxMessage;
import com.example.orderservice.outbox.entity.OutboxStatus;
import com.example.orderservice.outbox.entity.OutboxView;
import com.example.orderservice.platform.ApiProblem;
import com.example.orderservice.platform.InstanceIdentity;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The relay's and the admin API's short transactions on the outbox table. */
@Stateless
public class OutboxStore {

  @PersistenceContext EntityManager em;

  @Inject
  @ConfigProperty(name = "OUTBOX_MAX_ATTEMPTS", defaultValue = "10")
  int maxAttempts;

  /**
   * Takes up to {@code limit} due messages for this relay. {@code SKIP LOCKED} lets relays of
   * several server instances claim side by side without ever taking the same row; the lease (the
   * database's clock, not this JVM's) keeps a claimed row away from the others after the commit,
   * while it is being delivered, and gives it back to them should this instance die.
   */
  @SuppressWarnings("unchecked")
  public List<OutboxMessage> claimDue(int limit, long leaseMillis) {
    return em.createNativeQuery(
            "UPDATE outbox SET attempts = attempts + 1, claimed_by = ?1,"
                + " next_attempt_at = now() + make_interval(secs => ?2)"
                + " WHERE id IN (SELECT id FROM outbox WHERE status = 'pending'"
                + " AND next_attempt_at <= now() ORDER BY id LIMIT ?3 FOR UPDATE SKIP LOCKED)"
                + " RETURNING *",
            OutboxMessage.class)
        .setParameter(1, InstanceIdentity.id())
        .setParameter(2, (double) leaseMillis / 1000)
        .setParameter(3, limit)
        .getResultList();
  }

  /** Records the delivery of a claimed batch in one transaction. */
  public void markSent(List<Long> ids) {
    em.createQuery("SELECT m FROM OutboxMessage m WHERE m.id IN :ids", OutboxMessage.class)
        .setParameter("ids", ids)
        .getResultList()
        .forEach(OutboxMessage::delivered);
  }

  public void markFailed(long id, String error, int maxAttempts, long delayMillis) {
    em.find(OutboxMessage.class, id).failed(error, maxAttempts, delayMillis);
  }

  /** What the outbox holds now, for the metrics: counts by kind and status, and oldest times. */
  public List<Object[]> stats() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT kind, status, COUNT(*),"
                    + " COALESCE(EXTRACT(EPOCH FROM now() - MIN(created_at)), 0),"
                    + " COUNT(*) FILTER (WHERE kind = 'REFUND' AND attempts >= ?1)"
                    + " FROM outbox WHERE status IN ('pending', 'dead') GROUP BY kind, status")
            .setParameter(1, maxAttempts)
            .getResultList();
    return rows;
  }

  /** A page of messages, optionally of one status and one order, by id. */
  public List<OutboxView> list(OutboxStatus status, Long orderId, int skip, int limit) {
    String jpql =
        "SELECT m FROM OutboxMessage m WHERE 1 = 1"
            + (status == null ? "" : " AND m.status = :status")
            + (orderId == null ? "" : " AND m.orderId = :orderId")
            + " ORDER BY m.id";
    var query = em.createQuery(jpql, OutboxMessage.class);
    if (status != null) {
      query.setParameter("status", status);
    }
    if (orderId != null) {
      query.setParameter("orderId", orderId);
    }
    return query.setFirstResult(skip).setMaxResults(limit).getResultList().stream()
        .map(m -> OutboxView.of(m, maxAttempts))
        .toList();
  }

  /** Gives a dead message a new set of attempts. */
  public OutboxView revive(long id) {
    OutboxMessage message = em.find(OutboxMessage.class, id);
    if (message == null) {
      throw ApiProblem.notFound("There is no outbox message " + id + ".");
    }
    if (message.getStatus() != OutboxStatus.DEAD) {
      throw ApiProblem.conflict(
          "Outbox message "
              + id
              + " is "
              + message.getStatus().jsonName()
              + "; only dead ones are retried.");
    }
    message.revive();
    return OutboxView.of(message, maxAttempts);
  }
}
