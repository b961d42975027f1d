package com.example.orderservice.imports.entity;

import com.example.orderservice.platform.Caller;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One upload of many orders (a CSV file or a JSON batch), its stored bytes and its progress: how
 * far the job got ({@code processedRows}, the checkpoint a restart resumes from) and how it ended.
 */
@Entity
@Table(name = "order_imports")
public class OrderImport {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private String source;

  @Column(name = "file_name")
  private String fileName;

  @Column(nullable = false)
  private String sha256;

  @Column(nullable = false)
  private String charset;

  /** Where an import from before the files moved into the database keeps its file. */
  @Column(name = "storage_path", updatable = false)
  private String storagePath;

  /** The stored file ({@code import_files}); null once the retention removed it. */
  @Column(name = "file_id", updatable = false)
  private Long fileId;

  // Written by the instance claims (ImportStore's native updates), read here.
  @Column(name = "owner", insertable = false, updatable = false)
  private String owner;

  @Column(name = "charging", insertable = false, updatable = false)
  private boolean charging;

  // Kept by ImportStore and ImportCounters as increments in the database, never written from here:
  // several instances change them at once.
  @Column(name = "orders_created", insertable = false, updatable = false)
  private int ordersCreated;

  @Column(name = "orders_paid", insertable = false, updatable = false)
  private int ordersPaid;

  @Column(name = "orders_payment_failed", insertable = false, updatable = false)
  private int ordersPaymentFailed;

  @Column(nullable = false)
  @Convert(converter = ImportStatusColumn.class)
  private ImportStatus status;

  @Column(name = "total_rows")
  private Integer totalRows;

  @Column(name = "processed_rows", nullable = false)
  private int processedRows;

  @Column(name = "orders_rejected", nullable = false)
  private int ordersRejected;

  private String warnings;

  private String error;

  @Column(name = "idempotency_key")
  private String idempotencyKey;

  @Column(name = "job_execution")
  private Long jobExecution;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  /** Who uploaded it (security.md). */
  @Column(name = "uploaded_by")
  private String uploadedBy;

  @Version private long version;

  protected OrderImport() {}

  public OrderImport(String source, String fileName, String sha256, String charset, long fileId) {
    this(source, fileName, sha256, charset, fileId, null);
  }

  /** An import sent with an {@code Idempotency-Key}, which then names it for good. */
  public OrderImport(
      String source,
      String fileName,
      String sha256,
      String charset,
      long fileId,
      String idempotencyKey) {
    this.idempotencyKey = idempotencyKey;
    this.source = source;
    this.fileName = fileName;
    this.sha256 = sha256;
    this.charset = charset;
    this.fileId = fileId;
    this.status = ImportStatus.QUEUED;
    this.createdAt = now();
  }

  public void started(long execution) {
    this.jobExecution = execution;
    this.status = ImportStatus.RUNNING;
    this.error = null;
    this.finishedAt = null;
    if (startedAt == null) {
      startedAt = now();
    }
  }

  /**
   * A chunk was committed: {@code rows} more rows are done, {@code rejected} more orders refused.
   */
  public void advanced(int rows, int rejected) {
    processedRows += rows;
    ordersRejected += rejected;
  }

  public void counted(int rows, String warningsJson) {
    this.totalRows = rows;
    this.warnings = warningsJson;
  }

  public void finished(ImportStatus status, String error) {
    this.status = status;
    // The reason may quote the file (a header, a parser's message), NUL included.
    this.error = StorableText.of(error, Integer.MAX_VALUE);
    this.finishedAt = now();
  }

  // The caller of the upload request, taken when the import is first saved: no flow has to pass
  // the caller along.
  @PrePersist
  void attribute() {
    if (uploadedBy == null) {
      uploadedBy = Caller.current();
    }
  }

  public String getUploadedBy() {
    return uploadedBy;
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public Long getId() {
    return id;
  }

  public String getSource() {
    return source;
  }

  public String getFileName() {
    return fileName;
  }

  public String getSha256() {
    return sha256;
  }

  public String getCharset() {
    return charset;
  }

  public String getStoragePath() {
    return storagePath;
  }

  public Long getFileId() {
    return fileId;
  }

  public String getOwner() {
    return owner;
  }

  public boolean isCharging() {
    return charging;
  }

  public int getOrdersCreated() {
    return ordersCreated;
  }

  public int getOrdersPaid() {
    return ordersPaid;
  }

  public int getOrdersPaymentFailed() {
    return ordersPaymentFailed;
  }

  public ImportStatus getStatus() {
    return status;
  }

  public Integer getTotalRows() {
    return totalRows;
  }

  public int getProcessedRows() {
    return processedRows;
  }

  public int getOrdersRejected() {
    return ordersRejected;
  }

  public String getWarnings() {
    return warnings;
  }

  public String getError() {
    return error;
  }

  public String getIdempotencyKey() {
    return idempotencyKey;
  }

  public Long getJobExecution() {
    return jobExecution;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getFinishedAt() {
    return finishedAt;
  }
}
