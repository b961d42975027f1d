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

  /** import_errors.order_ref is VARCHAR(255), column_name VARCHAR(64) (V3). */
  static final int MAX_REF = 255;

  static final int MAX_COLUMN = 64;

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

  /**
   * The text is made storable first: the row being reported may hold exactly what the database
   * refuses (NUL, an order_ref longer than the column), and its report must never fail with it.
   */
  public ImportError(long importId, long line, String orderRef, String column, String message) {
    this.importId = importId;
    this.line = line;
    this.orderRef = StorableText.of(orderRef, MAX_REF);
    this.column = StorableText.of(column, MAX_COLUMN);
    this.message = StorableText.of(message, Integer.MAX_VALUE);
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
