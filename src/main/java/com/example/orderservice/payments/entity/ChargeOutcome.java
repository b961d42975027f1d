package com.example.orderservice.payments.entity;

/** What a charge attempt means for the order, in the order's terms. */
public enum ChargeOutcome {
  /** The money was taken: the order is paid. */
  COMPLETED,
  /** Declined or failed for sure: no money was taken. */
  FAILED,
  /** Accepted but not settled yet: the result comes by webhook. */
  PENDING,
  /** No answer in time: money may have been taken, settle it later. */
  UNKNOWN
}
