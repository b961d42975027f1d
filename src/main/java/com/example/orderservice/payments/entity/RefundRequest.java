package com.example.orderservice.payments.entity;

import jakarta.json.bind.annotation.JsonbProperty;
import java.math.BigDecimal;

/** Body of {@code POST /api/v1/payments/refund} (peers.md). */
public record RefundRequest(
    @JsonbProperty("payment_id") long paymentId,
    @JsonbProperty("amount") BigDecimal amount,
    @JsonbProperty("reason") String reason) {}
