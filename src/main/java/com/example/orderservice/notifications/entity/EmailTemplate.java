package com.example.orderservice.notifications.entity;

/** The e-mails the Notification Service sends for orders (peers.md). */
public enum EmailTemplate {
  /** After the payment succeeded. */
  ORDER_CONFIRMATION,
  /** On the move to SHIPPED. */
  ORDER_SHIPPED,
  /** On cancellation. */
  ORDER_CANCELLED
}
