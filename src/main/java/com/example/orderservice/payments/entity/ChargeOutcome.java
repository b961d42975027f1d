package com.example.orderservice.payments.entity;

/** What a charge attempt means for the order, in the order's terms (peers.md). */
public enum ChargeOutcome {
  /** The money was taken: the order is paid. */
  COMPLETED,
  /** Declined or failed for sure (a business answer): no money was taken. */
  FAILED,
  /** Accepted but not settled yet: the result comes by webhook or look-up. */
  PENDING,
  /**
   * No business answer: no answer in time, a 5xx, a refused or reset connection, an open breaker or
   * a full bulkhead. Money may have been taken; the charge is settled later with the same key.
   */
  UNKNOWN;

  /** True when the Payment Service gave an answer the order can rest on. */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED;
  }
}
