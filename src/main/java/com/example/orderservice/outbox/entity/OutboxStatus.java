package com.example.orderservice.outbox.entity;

import java.util.Set;

/** The states of an outbox message, as stored and shown. */
public final class OutboxStatus {

  /** Not yet accepted by its peer; the relay will try (again). */
  public static final String PENDING = "pending";

  /** Accepted by its peer. */
  public static final String SENT = "sent";

  /** Given up after the last attempt; an operator may retry it. */
  public static final String DEAD = "dead";

  public static final Set<String> ALL = Set.of(PENDING, SENT, DEAD);

  private OutboxStatus() {}
}
