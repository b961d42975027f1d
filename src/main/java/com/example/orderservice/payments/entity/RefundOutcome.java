package com.example.orderservice.payments.entity;

/** What a refund attempt means for the order (peers.md). */
public enum RefundOutcome {
  /** The money is back with the customer (the refund's answer, or a 409 "already refunded"). */
  REFUNDED,
  /** The Payment Service refused it for good (no payment to refund, a request it rejects). */
  REJECTED,
  /** No business answer (timeout, 5xx, reset, open breaker): it may or may not have happened. */
  UNKNOWN
}
