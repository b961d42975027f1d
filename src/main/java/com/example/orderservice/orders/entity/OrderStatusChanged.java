package com.example.orderservice.orders.entity;

/**
 * Fired inside the transaction of every status change, so that follow-up work (an e-mail) is queued
 * in the same commit as the change.
 */
public record OrderStatusChanged(Order order, OrderEvent event) {}
