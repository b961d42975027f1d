package com.example.orderservice.outbox.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The states of an outbox message; stored and shown in lower case. */
public enum OutboxStatus {
  /** Not yet accepted by its peer; the relay will try (again). */
  PENDING,

  /** Accepted by its peer. */
  SENT,

  /** Given up after the last attempt; an operator may retry it. */
  DEAD;

  /** The name stored and shown, for example {@code pending}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status a stored or requested name stands for; empty when it names none. */
  public static Optional<OutboxStatus> ofJsonName(String name) {
    return Arrays.stream(values()).filter(s -> s.jsonName().equals(name)).findFirst();
  }
}
