package com.example.orderservice.outbox.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** An outbox message as the admin API shows it. */
@JsonbPropertyOrder({
  "id",
  "kind",
  "orderId",
  "idempotencyKey",
  "status",
  "attempts",
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
    int attempts,
    String lastError,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant sentAt) {

  public static OutboxView of(OutboxMessage m) {
    return new OutboxView(
        m.getId(),
        m.getKind().name(),
        m.getOrderId(),
        m.getIdempotencyKey(),
        m.getStatus(),
        m.getAttempts(),
        m.getLastError(),
        m.getNextAttemptAt(),
        m.getCreatedAt(),
        m.getSentAt());
  }
}
