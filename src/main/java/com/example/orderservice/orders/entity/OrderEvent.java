package com.example.orderservice.orders.entity;

/** What can happen to an order; each event moves it along one edge of the state machine. */
public enum OrderEvent {
  /** The charge is about to be sent to the Payment Service. */
  PAYMENT_STARTED,
  /** The Payment Service took the money (its answer or a webhook). */
  PAYMENT_SUCCEEDED,
  /** The Payment Service declined or failed the charge. */
  PAYMENT_FAILED,
  /** No final answer about the charge came within the give-up time: the order waits as PENDING. */
  PAYMENT_GIVEN_UP,
  SHIP,
  DELIVER,
  /**
   * The customer cancels; a paid order is refunded first, one whose charge is unsettled is settled
   * first.
   */
  CANCEL,
  /** The Payment Service reports the money refunded (webhook). */
  REFUNDED
}
