package com.example.orderservice.payments.entity;

import jakarta.json.bind.annotation.JsonbProperty;
import java.math.BigDecimal;

/** The Payment Service's payment object (peers.md); {@code status} is its lower-case state. */
public record Payment(
    @JsonbProperty("id") Long id,
    @JsonbProperty("order_id") Long orderId,
    @JsonbProperty("amount") BigDecimal amount,
    @JsonbProperty("currency") String currency,
    @JsonbProperty("status") String status,
    @JsonbProperty("created_at") String createdAt) {

  /** The payment's state; empty for a status peers.md does not name. */
  public java.util.Optional<PaymentState> state() {
    return PaymentState.of(status);
  }
}
