package com.example.orderservice.orders.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The states of an order (DD-ORDER-001 §4); stored upper case, shown lower case in JSON. */
public enum OrderStatus {
  PENDING,
  PAYMENT_PROCESSING,
  PAID,
  SHIPPED,
  DELIVERED,
  CANCELLED;

  /** The name the API shows, for example {@code payment_processing}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a status name in either case; empty when it names no status. */
  public static Optional<OrderStatus> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String wanted = text.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.name().equals(wanted)).findFirst();
  }
}
