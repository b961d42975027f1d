package com.example.orderservice.orders.entity;

import java.math.BigDecimal;
import java.util.List;

/** The body of {@code POST /api/v1/orders/}: one order as the customer submits it. */
public record NewOrder(
    String customerEmail, String customerName, List<NewOrder.Item> items, String currency) {

  /** One requested line item. */
  public record Item(String productName, Integer quantity, BigDecimal unitPrice) {}
}
