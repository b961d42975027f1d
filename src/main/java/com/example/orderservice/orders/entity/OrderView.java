package com.example.orderservice.orders.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as the API shows it (DD-ORDER-001 §2.1); an imported one also names its import, its
 * {@code order_ref} and its source lines.
 */
@JsonbPropertyOrder({
  "id",
  "customerEmail",
  "customerName",
  "status",
  "settling",
  "totalAmount",
  "currency",
  "items",
  "createdAt",
  "updatedAt",
  "importId",
  "orderRef",
  "sourceLines"
})
public record OrderView(
    long id,
    String customerEmail,
    String customerName,
    String status,
    String settling,
    BigDecimal totalAmount,
    String currency,
    List<Item> items,
    Instant createdAt,
    Instant updatedAt,
    Long importId,
    String orderRef,
    String sourceLines) {

  /** A line item as the API shows it. */
  @JsonbPropertyOrder({"id", "productName", "quantity", "unitPrice"})
  public record Item(long id, String productName, int quantity, BigDecimal unitPrice) {}

  /**
   * What the service is still settling in the background: {@code refund} while a cancellation waits
   * for its refund (the order cannot ship), {@code payment} while a charge has no final answer yet;
   * null when nothing is open.
   */
  static String settling(Order order) {
    if (order.isBeingCancelled()) {
      return "refund";
    }
    return order.getStatus() == OrderStatus.PAYMENT_PROCESSING ? "payment" : null;
  }

  /** The view of {@code order}, money shown with its currency's minor digits. */
  public static OrderView of(Order order) {
    Money money = Money.of(order.getCurrency());
    return new OrderView(
        order.getId(),
        order.getCustomerEmail(),
        order.getCustomerName(),
        order.getStatus().jsonName(),
        settling(order),
        money.scaled(order.getTotalAmount()),
        order.getCurrency(),
        order.getItems().stream()
            .map(
                i ->
                    new Item(
                        i.getId(),
                        i.getProductName(),
                        i.getQuantity(),
                        money.scaled(i.getUnitPrice())))
            .toList(),
        order.getCreatedAt(),
        order.getUpdatedAt(),
        order.getImportId(),
        order.getOrderRef(),
        order.getSourceLines());
  }
}
