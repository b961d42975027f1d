package com.example.orderservice.outbox.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A call to a peer that must happen because of a committed change (an e-mail, a refund), kept until
 * the peer has accepted it.
 */
@Entity
@Table(name = "outbox")
public class OutboxMessage {

  /** What the message asks a peer to do. */
  public enum Kind {
    EMAIL,
    REFUND
  }

  @Id
  @SequenceGenerator(name = "outbox_id", sequenceName = "outbox_id_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_id")
  private Long id;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Kind kind;

  @Column(name = "order_id", nullable = false)
  private long orderId;

  @Column(name = "idempotency_key", nullable = false, unique = true)
  private String idempotencyKey;

  @Column(nullable = false)
  private String payload;

  @Column(nullable = false)
  @Convert(converter = OutboxStatusColumn.class)
  private OutboxStatus status;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "sent_at")
  private Instant sentAt;

  /** The instance whose relay claimed it last (written by the claim's native update). */
  @Column(name = "claimed_by", insertable = false, updatable = false)
  private String claimedBy;

  protected OutboxMessage() {}

  public OutboxMessage(Kind kind, long orderId, String idempotencyKey, String payload) {
    this.kind = kind;
    this.orderId = orderId;
    this.idempotencyKey = idempotencyKey;
    this.payload = payload;
    this.status = OutboxStatus.PENDING;
    this.createdAt = now();
    this.nextAttemptAt = createdAt;
  }

  public String getClaimedBy() {
    return claimedBy;
  }

  public void delivered() {
    status = OutboxStatus.SENT;
    sentAt = now();
    lastError = null;
  }

  /** Not to be delivered before {@code delay} from now. */
  public void postpone(java.time.Duration delay) {
    nextAttemptAt = now().plus(delay);
  }

  /**
   * Another attempt after {@code delayMillis}, or parked as dead after the last one. A refund is
   * never parked: money owed to a customer is asked for until the Payment Service confirms it.
   */
  public void failed(String error, int maxAttempts, long delayMillis) {
    lastError =
        error == null ? "unknown error" : error.substring(0, Math.min(error.length(), 2000));
    if (attempts >= maxAttempts && kind != Kind.REFUND) {
      status = OutboxStatus.DEAD;
    } else {
      nextAttemptAt = now().plusMillis(delayMillis);
    }
  }

  /** A dead message brought back by an operator: it gets a fresh set of attempts. */
  public void revive() {
    status = OutboxStatus.PENDING;
    attempts = 0;
    nextAttemptAt = now();
  }

  /** True for a refund that has failed as often as a message that would be parked: look at it. */
  public boolean needsAttention(int maxAttempts) {
    return status == OutboxStatus.DEAD
        || (kind == Kind.REFUND && status == OutboxStatus.PENDING && attempts >= maxAttempts);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public Long getId() {
    return id;
  }

  public Kind getKind() {
    return kind;
  }

  public long getOrderId() {
    return orderId;
  }

  public String getIdempotencyKey() {
    return idempotencyKey;
  }

  public String getPayload() {
    return payload;
  }

  public OutboxStatus getStatus() {
    return status;
  }

  public int getAttempts() {
    return attempts;
  }

  public Instant getNextAttemptAt() {
    return nextAttemptAt;
  }

  public String getLastError() {
    return lastError;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getSentAt() {
    return sentAt;
  }
}
