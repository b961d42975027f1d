package com.example.orderservice.payments.entity;

import jakarta.json.bind.annotation.JsonbProperty;
import java.math.BigDecimal;

/** Body of {@code POST /api/v1/payments} (peers.md). */
public record ChargeRequest(
    @JsonbProperty("order_id") long orderId,
    @JsonbProperty("amount") BigDecimal amount,
    @JsonbProperty("currency") String currency) {}
