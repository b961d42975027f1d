package com.example.orderservice.imports.entity;

import com.example.orderservice.platform.JsonbConfigurator;
import com.example.orderservice.platform.PublicText;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * An import as the API shows it (bulk-import.md), read from its one row: the order counts are kept
 * there by the import's steps and its orders' status changes; {@code owner} is the instance that
 * runs (or last ran) it.
 */
@JsonbNillable
@JsonbPropertyOrder({
  "id",
  "source",
  "fileName",
  "uploadedBy",
  "owner",
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
    String owner,
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
  public static ImportView of(OrderImport upload) {
    List<String> warnings =
        upload.getWarnings() == null
            ? List.of()
            : JsonbConfigurator.jsonb().fromJson(upload.getWarnings(), List.class);
    return new ImportView(
        upload.getId(),
        upload.getSource(),
        upload.getFileName(),
        upload.getUploadedBy(),
        upload.getOwner(),
        upload.getSha256(),
        upload.getStatus().jsonName(),
        upload.getTotalRows(),
        upload.getProcessedRows(),
        upload.getOrdersCreated(),
        upload.getOrdersPaid(),
        upload.getOrdersPaymentFailed(),
        upload.getOrdersRejected(),
        warnings,
        PublicText.forAnswer(upload.getError()),
        upload.getCreatedAt(),
        upload.getStartedAt(),
        upload.getFinishedAt());
  }
}
