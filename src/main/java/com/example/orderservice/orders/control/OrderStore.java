package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.IdempotencyRecord;
import com.example.orderservice.orders.entity.NewOrder;
import com.example.orderservice.orders.entity.Order;
import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderFilter;
import com.example.orderservice.orders.entity.OrderHistoryView;
import com.example.orderservice.orders.entity.OrderItem;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.payments.control.RefundQueue;
import com.example.orderservice.platform.ApiProblem;
import com.example.orderservice.platform.InstanceIdentity;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads and changes orders, one short transaction per call, so that each status change is committed
 * before the orchestration talks to a peer.
 */
@Stateless
public class OrderStore {

  private static final Logger LOG = Logger.getLogger(OrderStore.class.getName());

  @PersistenceContext EntityManager em;
  @Inject OrderLifecycle lifecycle;
  @Inject RefundQueue refunds;
  @Inject PaymentRetryPolicy retryPolicy;

  // How long a cancellation's own refund call may take (with its retries) before the relay asks
  // again: the relay must not race a call still in flight.
  @Inject
  @ConfigProperty(name = "REFUND_HANDOFF_SECONDS", defaultValue = "120")
  long refundHandOffSeconds;

  /** The outcome of applying an event: the order afterwards, and whether its status moved. */
  public record Applied(OrderView order, boolean changed) {}

  /** One page of orders and how many there are in all. */
  public record Page(List<OrderView> orders, long total) {}

  /**
   * Saves a validated order as PENDING and moves it on to PAYMENT_PROCESSING; with an
   * Idempotency-Key, the key records the order in the same transaction.
   */
  public OrderView createForPayment(NewOrder order, String idempotencyKey) {
    Order entity = newOrder(order);
    OrderStateMachine.apply(entity, OrderEvent.PAYMENT_STARTED);
    em.persist(entity);
    em.flush();
    if (idempotencyKey != null) {
      IdempotencyRecord key = em.find(IdempotencyRecord.class, idempotencyKey);
      if (key != null) {
        key.createdOrder(entity.getId());
      }
    }
    return OrderView.of(entity);
  }

  /**
   * Saves an order an import accepted, in the caller's transaction (the import's chunk), in
   * PAYMENT_PROCESSING: the import's charge step charges it.
   */
  public void createImported(NewOrder order, long importId, String orderRef, String sourceLines) {
    Order entity = newOrder(order);
    entity.importedFrom(importId, orderRef, sourceLines);
    lifecycle.apply(entity, OrderEvent.PAYMENT_STARTED, "imported by import " + importId);
    em.persist(entity);
  }

  private static Order newOrder(NewOrder order) {
    List<OrderItem> items =
        order.items().stream()
            .map(i -> new OrderItem(i.productName(), i.quantity(), i.unitPrice()))
            .toList();
    return new Order(order.customerEmail(), order.customerName(), order.currency(), items);
  }

  /** The order, or a 404 problem. */
  public OrderView require(long id) {
    return OrderView.of(load(id));
  }

  /** A page of the orders {@code filter} matches, in its order, and how many match in all. */
  public Page list(int skip, int limit, OrderFilter filter) {
    StringJoiner where = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
    Map<String, Object> parameters = new HashMap<>();
    if (filter.importId() != null) {
      where.add("o.importId = :importId");
      parameters.put("importId", filter.importId());
    }
    if (filter.customerEmail() != null) {
      where.add("LOWER(o.customerEmail) = :email");
      parameters.put("email", filter.customerEmail().toLowerCase(Locale.ROOT));
    }
    if (filter.status() != null) {
      where.add("o.status = :status");
      parameters.put("status", filter.status());
    }
    if (filter.createdFrom() != null) {
      where.add("o.createdAt >= :createdFrom");
      parameters.put("createdFrom", filter.createdFrom());
    }
    if (filter.createdTo() != null) {
      where.add("o.createdAt < :createdTo");
      parameters.put("createdTo", filter.createdTo());
    }
    var query =
        em.createQuery(
            "SELECT o FROM Order o" + where + " ORDER BY " + filter.sort().jpql(), Order.class);
    var count = em.createQuery("SELECT COUNT(o) FROM Order o" + where, Long.class);
    parameters.forEach(
        (name, value) -> {
          query.setParameter(name, value);
          count.setParameter(name, value);
        });
    List<Order> orders =
        query
            .setFirstResult(skip)
            .setMaxResults(limit)
            .setHint("eclipselink.batch", "o.items")
            .setHint("eclipselink.batch.type", "IN")
            .getResultList();
    long total = count.getSingleResult();
    return new Page(orders.stream().map(OrderView::of).toList(), total);
  }

  /** The order's current version (JPA {@code @Version}), which the API shows as its ETag. */
  public long version(long id) {
    return load(id).getVersion();
  }

  /**
   * Applies {@code event} through the state machine.
   *
   * @throws ApiProblem 404 for an unknown order, 409 when the move is not allowed or another
   *     request changed the order at the same time
   */
  public Applied apply(long id, OrderEvent event, String reason) {
    Order order = load(id);
    lifecycle.apply(order, event, reason);
    flush(id);
    return new Applied(OrderView.of(order), true);
  }

  /**
   * Applies {@code event} only if the order is still in {@code expected}; otherwise leaves it as it
   * is (a webhook or another request got there first) and says so.
   */
  public Applied applyIfStill(long id, OrderStatus expected, OrderEvent event, String reason) {
    Order order = load(id);
    if (order.getStatus() != expected) {
      LOG.info(
          () ->
              "Order "
                  + id
                  + " is "
                  + order.getStatus()
                  + " (expected "
                  + expected
                  + "); "
                  + event
                  + " not applied");
      return new Applied(OrderView.of(order), false);
    }
    lifecycle.apply(order, event, reason);
    flush(id);
    return new Applied(OrderView.of(order), true);
  }

  /**
   * The Payment Service took the money: a processing or pending order becomes PAID (and its
   * confirmation is queued); an order that has it already stays as it is; a cancelled one gets its
   * money back through the outbox.
   */
  public Applied paymentCompleted(long id, String reason) {
    Order order = load(id);
    boolean changed = completePayment(order, reason);
    flush(id);
    return new Applied(OrderView.of(order), changed);
  }

  /**
   * {@link #paymentCompleted} for many orders in one transaction (an import's charge step): one
   * commit and batched statements instead of one transaction per order. Fails as a whole.
   */
  public void paymentsCompleted(List<Long> ids, String reason) {
    em.createQuery("SELECT o FROM Order o WHERE o.id IN :ids", Order.class)
        .setParameter("ids", ids)
        .getResultList()
        .forEach(order -> completePayment(order, reason));
    em.flush();
  }

  /**
   * Applies a completed payment to {@code order} in the caller's transaction: PAID from processing
   * or pending, nothing when it has it already, a refund owed when it was cancelled. True when the
   * order moved.
   */
  public boolean completePayment(Order order, String reason) {
    OrderStatus status = order.getStatus();
    if (OrderStateMachine.alreadyApplied(status, OrderEvent.PAYMENT_SUCCEEDED)) {
      return false;
    }
    if (OrderStateMachine.next(status, OrderEvent.PAYMENT_SUCCEEDED).isEmpty()) {
      owePaymentBack(order, "payment completed while the order was " + status.jsonName());
      return false;
    }
    lifecycle.apply(order, OrderEvent.PAYMENT_SUCCEEDED, reason);
    return true;
  }

  /**
   * Money taken for an order that can no longer keep it (cancelled meanwhile) goes back through the
   * refund queue, and the order's history says why (DD-LIM-005).
   */
  private void owePaymentBack(Order order, String why) {
    // A late payment may be reported more than once (answer, webhook, reconciliation).
    if (refunds.owe(order.getId(), order.getTotalAmount(), Duration.ZERO)) {
      order.note("LATE_PAYMENT_REFUND", why + "; the payment is refunded automatically");
      LOG.warning(() -> "Order " + order.getId() + ": " + why + "; refund queued");
    }
  }

  /**
   * Claims a PAID order for a cancellation and owes its refund, in one transaction: from the commit
   * on it cannot be shipped, a request that read it before gets 409 (its version moved), and the
   * refund is asked for until it is confirmed, even if this server dies now.
   *
   * @throws ApiProblem 409 when the order is not PAID or a cancellation of it is in flight already
   */
  public OrderView startCancellation(long id) {
    Order order = load(id);
    if (order.getStatus() != OrderStatus.PAID) {
      throw OrderStateMachine.refusal(id, order.getStatus(), OrderEvent.CANCEL);
    }
    if (order.isBeingCancelled()) {
      throw ApiProblem.conflict(
          "Order " + id + " is being cancelled already; its refund is in flight.");
    }
    order.startCancellation();
    refunds.owe(id, order.getTotalAmount(), Duration.ofSeconds(refundHandOffSeconds));
    flush(id);
    return OrderView.of(order);
  }

  /** The cancellation's own refund call was not final: the relay asks again from now on. */
  public OrderView refundUnsettled(long id) {
    refunds.dueNow(id);
    return OrderView.of(load(id));
  }

  /**
   * The Payment Service confirmed the order's refund: a paid order being cancelled is cancelled
   * (and mailed); one cancelled already stays as it is.
   */
  public Applied refundConfirmed(long id) {
    Order order = load(id);
    refunds.done(id);
    if (order.getStatus() == OrderStatus.PAID && order.isBeingCancelled()) {
      lifecycle.apply(order, OrderEvent.CANCEL, "cancelled; payment refunded");
      flush(id);
      return new Applied(OrderView.of(order), true);
    }
    if (order.getStatus() != OrderStatus.CANCELLED) {
      LOG.severe(
          () ->
              "Order "
                  + id
                  + " was refunded while "
                  + order.getStatus()
                  + " without a cancellation in flight. Check it by hand.");
    }
    flush(id);
    return new Applied(OrderView.of(order), false);
  }

  /**
   * The Payment Service refused the refund for good: the claim ends, nothing is owed, and the order
   * is shippable again.
   */
  public void refundRefused(long id, String reason) {
    Order order = load(id);
    if (order.isBeingCancelled()) {
      order.abandonCancellation(reason);
      refunds.withdraw(id);
      flush(id);
    }
  }

  /**
   * The charge's outcome is not final yet: the background looks at the order again after a backoff
   * that grows with each attempt.
   */
  public OrderView paymentNotSettled(long id) {
    Order order = load(id);
    if (order.getStatus() == OrderStatus.PAYMENT_PROCESSING) {
      order.paymentNotSettled(
          Instant.now().plus(retryPolicy.delayAfter(order.getPaymentAttempts())));
      flush(id);
    }
    return OrderView.of(order);
  }

  /**
   * Claims orders in PAYMENT_PROCESSING whose next look is due, the longest waiting first, for
   * {@code lease}: those just created (or imported) a grace period after their last change, the
   * others at their next check. The claim moves the next check past the lease (the database's
   * clock), so other instances skip them ({@code SKIP LOCKED} while the claim is being made) and
   * take them back should this one die before settling them. Orders of an unfinished import are
   * left to the import, which charges them when it goes on.
   */
  @SuppressWarnings("unchecked")
  public List<Long> claimDuePaymentChecks(Duration grace, int limit, Duration lease) {
    return ((List<Number>)
            em.createNativeQuery(
                    "UPDATE orders SET next_payment_check_at = now() + make_interval(secs => ?3),"
                        + " claimed_by = ?4"
                        + " WHERE id IN (SELECT o.id FROM orders o"
                        + " WHERE o.status = 'PAYMENT_PROCESSING'"
                        + " AND COALESCE(o.next_payment_check_at,"
                        + " o.updated_at + make_interval(secs => ?1)) <= now()"
                        + " AND (o.import_id IS NULL OR EXISTS (SELECT 1 FROM order_imports i"
                        + " WHERE i.id = o.import_id"
                        + " AND i.status IN ('completed', 'completed_with_errors')))"
                        + " ORDER BY COALESCE(o.next_payment_check_at,"
                        + " o.updated_at + make_interval(secs => ?1)) LIMIT ?2"
                        + " FOR UPDATE OF o SKIP LOCKED) RETURNING id")
                .setParameter(1, (double) grace.toSeconds())
                .setParameter(2, limit)
                .setParameter(3, (double) lease.toSeconds())
                .setParameter(4, InstanceIdentity.id())
                .getResultList())
        .stream().map(Number::longValue).sorted().toList();
  }

  private static List<OrderView> views(TypedQuery<Order> query, int limit) {
    return query.setMaxResults(limit).getResultList().stream().map(OrderView::of).toList();
  }

  /** The order's history, oldest first. */
  public List<OrderHistoryView> history(long id) {
    return load(id).getHistory().stream().map(OrderHistoryView::of).toList();
  }

  private Order load(long id) {
    Order order = em.find(Order.class, id);
    if (order == null) {
      throw ApiProblem.notFound("There is no order " + id + ".");
    }
    return order;
  }

  private void flush(long id) {
    try {
      em.flush();
    } catch (OptimisticLockException e) {
      throw new ConcurrentChangeException(id);
    }
  }
}
