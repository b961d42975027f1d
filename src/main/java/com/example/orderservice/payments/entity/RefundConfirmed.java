package com.example.orderservice.payments.entity;

/** Fired when the Payment Service confirmed the refund of an order's payment. */
public record RefundConfirmed(long orderId) {}
