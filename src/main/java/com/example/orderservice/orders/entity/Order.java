package com.example.orderservice.orders.entity;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** An order of one customer with its line items and its place in the order lifecycle. */
@Entity
@Table(name = "orders")
public class Order {

  @Id
  @SequenceGenerator(name = "orders_id", sequenceName = "orders_id_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "orders_id")
  private Long id;

  @Column(name = "customer_email", nullable = false)
  private String customerEmail;

  @Column(name = "customer_name", nullable = false)
  private String customerName;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private OrderStatus status;

  @Column(name = "total_amount", nullable = false)
  private BigDecimal totalAmount;

  @Column(nullable = false)
  private String currency;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  @Column(name = "import_id")
  private Long importId;

  @Column(name = "order_ref")
  private String orderRef;

  @Column(name = "source_lines")
  private String sourceLines;

  @Column(name = "cancellation_started_at")
  private Instant cancellationStartedAt;

  @Column(name = "payment_attempts", nullable = false)
  private int paymentAttempts;

  @Column(name = "next_payment_check_at")
  private Instant nextPaymentCheckAt;

  @OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("id")
  private List<OrderItem> items = new ArrayList<>();

  @OneToMany(mappedBy = "order", cascade = CascadeType.PERSIST)
  @OrderBy("id")
  private List<OrderHistoryEntry> history = new ArrayList<>();

  protected Order() {}

  /** A new order, PENDING, whose total is the sum of its items. */
  public Order(String customerEmail, String customerName, String currency, List<OrderItem> items) {
    this.customerEmail = customerEmail;
    this.customerName = customerName;
    this.currency = currency;
    this.status = OrderStatus.PENDING;
    history.add(new OrderHistoryEntry(this, null, OrderStatus.PENDING, "CREATED", null));
    items.forEach(this::addItem);
    this.totalAmount =
        items.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /**
   * Marks the order as made by import {@code importId} from the given customer number and lines.
   */
  public void importedFrom(long importId, String orderRef, String sourceLines) {
    this.importId = importId;
    this.orderRef = orderRef;
    this.sourceLines = sourceLines;
  }

  private void addItem(OrderItem item) {
    item.belongTo(this);
    items.add(item);
  }

  /**
   * Sets the status and writes it into the history. Only {@code OrderStateMachine} calls this,
   * after checking that the move is an edge of the lifecycle.
   */
  public void changeStatus(OrderStatus next, OrderEvent event, String reason) {
    history.add(new OrderHistoryEntry(this, status, next, event.name(), reason));
    this.status = next;
    if (next == OrderStatus.CANCELLED) {
      cancellationStartedAt = null;
    }
    if (next != OrderStatus.PAYMENT_PROCESSING) {
      nextPaymentCheckAt = null;
    }
  }

  /**
   * The charge's outcome is still not final after another attempt; the background settles it at
   * {@code nextCheck}.
   */
  public void paymentNotSettled(Instant nextCheck) {
    paymentAttempts++;
    nextPaymentCheckAt = nextCheck.truncatedTo(ChronoUnit.MICROS);
  }

  /** How often the charge was tried or looked up without a final answer. */
  public int getPaymentAttempts() {
    return paymentAttempts;
  }

  public Instant getNextPaymentCheckAt() {
    return nextPaymentCheckAt;
  }

  /**
   * Claims the order for a cancellation whose refund is about to be asked for: until the claim
   * ends, the lifecycle refuses to ship it.
   */
  public void startCancellation() {
    cancellationStartedAt = now();
  }

  /** Ends the claim of {@link #startCancellation} without cancelling (the refund was not made). */
  public void abandonCancellation(String reason) {
    cancellationStartedAt = null;
    note("CANCELLATION_ABANDONED", reason);
  }

  /** True while a cancellation's refund is in flight. */
  public boolean isBeingCancelled() {
    return cancellationStartedAt != null;
  }

  /** Writes something that happened to the order without changing its status. */
  public void note(String event, String reason) {
    history.add(new OrderHistoryEntry(this, status, status, event, reason));
  }

  @PrePersist
  void onCreate() {
    createdAt = now();
    updatedAt = createdAt;
  }

  @PreUpdate
  void onUpdate() {
    updatedAt = now();
  }

  // PostgreSQL keeps microseconds: cut there so what we answer is what we stored.
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public Long getId() {
    return id;
  }

  public String getCustomerEmail() {
    return customerEmail;
  }

  public String getCustomerName() {
    return customerName;
  }

  public OrderStatus getStatus() {
    return status;
  }

  public BigDecimal getTotalAmount() {
    return totalAmount;
  }

  public String getCurrency() {
    return currency;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public long getVersion() {
    return version;
  }

  public List<OrderItem> getItems() {
    return items;
  }

  public Long getImportId() {
    return importId;
  }

  public String getOrderRef() {
    return orderRef;
  }

  public String getSourceLines() {
    return sourceLines;
  }

  public List<OrderHistoryEntry> getHistory() {
    return history;
  }
}
