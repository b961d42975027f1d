package com.example.orderservice.orders.entity;

/**
 * The body of {@code PUT /api/v1/orders/{id}/status}, for example {@code {"status": "shipped"}}.
 */
public record StatusChange(String status) {}
