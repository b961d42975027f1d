package com.example.orderservice.payments.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The answer to a webhook call: what it did and the order's status afterwards. */
@JsonbPropertyOrder({"eventId", "result", "orderId", "orderStatus"})
public record WebhookOutcome(String eventId, Result result, long orderId, String orderStatus) {

  /** What the event did. */
  public enum Result {
    /** The order moved. */
    applied,
    /** The order was already where the event leads. */
    already_applied,
    /** This event_id was handled before. */
    duplicate
  }
}
