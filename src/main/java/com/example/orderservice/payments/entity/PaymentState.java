package com.example.orderservice.payments.entity;

import java.util.Optional;

/** The states of a payment as the Payment Service reports them (peers.md). */
public enum PaymentState {
  PENDING,
  COMPLETED,
  FAILED,
  REFUNDED;

  /** The state named {@code status} (lower case on the wire); empty when it names none. */
  public static Optional<PaymentState> of(String status) {
    if (status == null) {
      return Optional.empty();
    }
    return switch (status) {
      case "pending" -> Optional.of(PENDING);
      case "completed" -> Optional.of(COMPLETED);
      case "failed" -> Optional.of(FAILED);
      case "refunded" -> Optional.of(REFUNDED);
      default -> Optional.empty();
    };
  }
}
