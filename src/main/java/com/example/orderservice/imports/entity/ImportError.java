package com.example.orderservice.imports.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A rejected row of an import: where, which order, which column and why. */
@Entity
@Table(name = "import_errors")
@JsonbPropertyOrder({"line", "orderRef", "column", "message"})
public class ImportError {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "import_id", nullable = false)
  private long importId;

  @Column(nullable = false)
  private long line;

  @Column(name = "order_ref")
  private String orderRef;

  @Column(name = "column_name")
  private String column;

  @Column(nullable = false)
  private String message;

  protected ImportError() {}

  public ImportError(long importId, long line, String orderRef, String column, String message) {
    this.importId = importId;
    this.line = line;
    this.orderRef = orderRef;
    this.column = column;
    this.message = message;
  }

  public long getLine() {
    return line;
  }

  public String getOrderRef() {
    return orderRef;
  }

  public String getColumn() {
    return column;
  }

  public String getMessage() {
    return message;
  }
}
