package com.example.orderservice.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A request made with an {@code Idempotency-Key}: the hash of its body and, once it finished, the
 * answer it got, which every repeat with the same key receives again.
 */
@Entity
@Table(name = "idempotency_keys")
public class IdempotencyRecord {

  @Id
  @Column(name = "idempotency_key")
  private String key;

  @Column(name = "request_hash", nullable = false)
  private String requestHash;

  @Column(name = "response_status")
  private Integer responseStatus;

  @Column(name = "response_body")
  private String responseBody;

  private String location;

  @Column(name = "order_id")
  private Long orderId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected IdempotencyRecord() {}

  public IdempotencyRecord(String key, String requestHash) {
    this.key = key;
    this.requestHash = requestHash;
    this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public void answered(int status, String body, String location) {
    this.responseStatus = status;
    this.responseBody = body;
    this.location = location;
  }

  /** The request created order {@code id} (in that order's transaction). */
  public void createdOrder(long id) {
    this.orderId = id;
  }

  /** The order the request created, if it got that far. */
  public Long getOrderId() {
    return orderId;
  }

  public boolean isFinished() {
    return responseStatus != null;
  }

  public String getRequestHash() {
    return requestHash;
  }

  public Integer getResponseStatus() {
    return responseStatus;
  }

  public String getResponseBody() {
    return responseBody;
  }

  public String getLocation() {
    return location;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
