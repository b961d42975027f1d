package com.example.orderservice.payments.entity;

/** Body of the payment webhook (peers.md); {@code status} is completed, failed or refunded. */
public record PaymentWebhookEvent(String eventId, Long paymentId, Long orderId, String status) {}
