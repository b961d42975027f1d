package com.example.orderservice.notifications.entity;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;

/** Body of {@code POST /api/v1/notifications/email} (peers.md). */
@JsonbPropertyOrder({"to", "template", "data"})
public record EmailRequest(
    @JsonbProperty("to") String to,
    @JsonbProperty("template") EmailTemplate template,
    @JsonbProperty("data") Data data) {

  /** What the template shows about the order. */
  @JsonbPropertyOrder({"orderId", "customerName", "totalAmount", "currency", "status"})
  public record Data(
      @JsonbProperty("order_id") long orderId,
      @JsonbProperty("customer_name") String customerName,
      @JsonbProperty("total_amount") BigDecimal totalAmount,
      @JsonbProperty("currency") String currency,
      @JsonbProperty("status") String status) {}
}
