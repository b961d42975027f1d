package com.example.orderservice.outbox.control;

import com.example.orderservice.outbox.entity.OutboxMessage;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;

/**
 * Puts a message into the outbox inside the caller's transaction, so it exists exactly when the
 * change that causes it was committed. A message whose idempotency key is already there is not
 * added twice.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class Outbox {

  @PersistenceContext EntityManager em;
  @Inject Event<OutboxEnqueued> enqueued;

  /** Adds {@code message}; false when one with its key was already queued. */
  public boolean enqueue(OutboxMessage message) {
    Long existing =
        em.createQuery(
                "SELECT COUNT(m) FROM OutboxMessage m WHERE m.idempotencyKey = :key", Long.class)
            .setParameter("key", message.getIdempotencyKey())
            // Only committed rows can hold the key (one change queues one message per key), and a
            // flush before each query would split a batch of changes into single statements.
            .setFlushMode(FlushModeType.COMMIT)
            .getSingleResult();
    if (existing > 0) {
      return false;
    }
    em.persist(message);
    enqueued.fire(new OutboxEnqueued());
    return true;
  }

  /** Fired when a message was queued; the relay hears it after the commit. */
  public record OutboxEnqueued() {}
}
