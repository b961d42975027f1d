package com.example.orderservice.orders.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** One line of {@code GET /api/v1/orders/{id}/history}. */
@JsonbPropertyOrder({"at", "event", "fromStatus", "toStatus", "reason", "by"})
public record OrderHistoryView(
    Instant at, String event, String fromStatus, String toStatus, String reason, String by) {

  public static OrderHistoryView of(OrderHistoryEntry entry) {
    return new OrderHistoryView(
        entry.getAt(),
        entry.getEvent(),
        entry.getFromStatus() == null ? null : entry.getFromStatus().jsonName(),
        entry.getToStatus().jsonName(),
        entry.getReason(),
        entry.getActor());
  }
}
