package com.example.orderservice.orders.entity;

import java.math.BigDecimal;

/** An order claimed for its charge: what the charge needs and nothing more. */
public record ChargeClaim(long orderId, BigDecimal amount, String currency) {}
