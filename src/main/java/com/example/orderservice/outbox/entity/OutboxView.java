package com.example.orderservice.outbox.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** An outbox message as the admin API shows it, with the instance that claimed it last. */
@JsonbPropertyOrder({
  "id",
  "kind",
  "orderId",
  "idempotencyKey",
  "status",
  "needsAttention",
  "attempts",
  "claimedBy",
  "lastError",
  "nextAttemptAt",
  "createdAt",
  "sentAt"
})
public record OutboxView(
    long id,
    String kind,
    long orderId,
    String idempotencyKey,
    String status,
    boolean needsAttention,
    int attempts,
    String claimedBy,
    String lastError,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant sentAt) {

  /**
   * The view of {@code m}; {@code needsAttention} marks a dead message and a refund that has failed
   * {@code maxAttempts} times or more (refunds are never parked, so they must stand out).
   */
  public static OutboxView of(OutboxMessage m, int maxAttempts) {
    return new OutboxView(
        m.getId(),
        m.getKind().name(),
        m.getOrderId(),
        m.getIdempotencyKey(),
        m.getStatus().jsonName(),
        m.needsAttention(maxAttempts),
        m.getAttempts(),
        m.getClaimedBy(),
        m.getLastError(),
        m.getNextAttemptAt(),
        m.getCreatedAt(),
        m.getSentAt());
  }
}
