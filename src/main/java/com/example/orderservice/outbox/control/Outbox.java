package com.example.orderservice.outbox.control;

import com.example.orderservice.outbox.entity.OutboxMessage;
import com.example.orderservice.outbox.entity.OutboxStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * Puts a message into the outbox inside the caller's transaction, so it exists exactly when the
 * change that causes it was committed.
 */
// A CDI bean, not an EJB: it only ever runs inside its caller's transaction, and each call through
// an EJB proxy cost more CPU than the work done here.
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class Outbox {

  // Marks a transaction whose commit will already wake the relay.
  private static final Object RELAY_NOTIFIED = OutboxEnqueued.class;

  @PersistenceContext EntityManager em;
  @Inject Event<OutboxEnqueued> enqueued;
  @Resource TransactionSynchronizationRegistry transaction;

  /**
   * Adds {@code message}, whose key the caller knows to be new: an e-mail is queued by a status
   * change, and the state machine enters each status once. (The key's unique index backs that up.)
   */
  public void enqueue(OutboxMessage message) {
    em.persist(message);
    // One wake-up per transaction: a page of 100 paid orders queues 100 mails in one commit.
    if (transaction.getResource(RELAY_NOTIFIED) == null) {
      transaction.putResource(RELAY_NOTIFIED, Boolean.TRUE);
      enqueued.fire(new OutboxEnqueued());
    }
  }

  /** Adds {@code message} unless one with its key was queued before; false then. */
  public boolean enqueueOnce(OutboxMessage message) {
    Long existing =
        em.createQuery(
                "SELECT COUNT(m) FROM OutboxMessage m WHERE m.idempotencyKey = :key", Long.class)
            .setParameter("key", message.getIdempotencyKey())
            // Keys are checked against committed rows: a flush before the query would split a
            // batch of changes into single statements.
            .setFlushMode(FlushModeType.COMMIT)
            .getSingleResult();
    if (existing > 0) {
      return false;
    }
    enqueue(message);
    return true;
  }

  /** Records the message with {@code key} as delivered by someone else (its caller did it). */
  public void markSent(String key) {
    find(key).ifPresent(OutboxMessage::delivered);
  }

  /** Makes the pending message with {@code key} due at once. */
  public void dueNow(String key) {
    find(key)
        .filter(m -> m.getStatus() == OutboxStatus.PENDING)
        .ifPresent(m -> m.postpone(java.time.Duration.ZERO));
  }

  /** Drops the pending message with {@code key}: what it asked for is not wanted any more. */
  public void withdraw(String key) {
    find(key).filter(m -> m.getStatus() == OutboxStatus.PENDING).ifPresent(em::remove);
  }

  private java.util.Optional<OutboxMessage> find(String key) {
    return em.createQuery(
            "SELECT m FROM OutboxMessage m WHERE m.idempotencyKey = :key", OutboxMessage.class)
        .setParameter("key", key)
        .getResultStream()
        .findFirst();
  }

  /** Fired when a transaction queued a message; the relay hears it after the commit. */
  public record OutboxEnqueued() {}
}
