package com.example.orderservice.imports.entity;

import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.platform.JsonbConfigurator;
import com.example.orderservice.platform.PublicText;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An import as the API shows it (bulk-import.md). The order counts are read from the orders
 * themselves, so they can never disagree with them.
 */
@JsonbNillable
@JsonbPropertyOrder({
  "id",
  "source",
  "fileName",
  "uploadedBy",
  "sha256",
  "status",
  "totalRows",
  "processedRows",
  "ordersCreated",
  "ordersPaid",
  "ordersPaymentFailed",
  "ordersRejected",
  "warnings",
  "error",
  "createdAt",
  "startedAt",
  "finishedAt"
})
public record ImportView(
    long id,
    String source,
    String fileName,
    String uploadedBy,
    String sha256,
    String status,
    Integer totalRows,
    int processedRows,
    long ordersCreated,
    long ordersPaid,
    long ordersPaymentFailed,
    int ordersRejected,
    List<String> warnings,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  @SuppressWarnings("unchecked")
  public static ImportView of(OrderImport upload, Map<OrderStatus, Long> ordersByStatus) {
    long created = ordersByStatus.values().stream().mapToLong(Long::longValue).sum();
    long paid =
        ordersByStatus.entrySet().stream()
            .filter(
                e ->
                    e.getKey() == OrderStatus.PAID
                        || e.getKey() == OrderStatus.SHIPPED
                        || e.getKey() == OrderStatus.DELIVERED)
            .mapToLong(Map.Entry::getValue)
            .sum();
    List<String> warnings =
        upload.getWarnings() == null
            ? List.of()
            : JsonbConfigurator.jsonb().fromJson(upload.getWarnings(), List.class);
    return new ImportView(
        upload.getId(),
        upload.getSource(),
        upload.getFileName(),
        upload.getUploadedBy(),
        upload.getSha256(),
        upload.getStatus(),
        upload.getTotalRows(),
        upload.getProcessedRows(),
        created,
        paid,
        ordersByStatus.getOrDefault(OrderStatus.PENDING, 0L),
        upload.getOrdersRejected(),
        warnings,
        PublicText.forAnswer(upload.getError()),
        upload.getCreatedAt(),
        upload.getStartedAt(),
        upload.getFinishedAt());
  }
}
