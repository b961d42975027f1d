package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.NewOrder;
import com.example.orderservice.orders.entity.Order;
import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderHistoryView;
import com.example.orderservice.orders.entity.OrderItem;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.payments.control.LatePaymentRefunds;
import com.example.orderservice.platform.ApiProblem;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.logging.Logger;

/**
 * Reads and changes orders, one short transaction per call, so that each status change is committed
 * before the orchestration talks to a peer.
 */
@Stateless
public class OrderStore {

  private static final Logger LOG = Logger.getLogger(OrderStore.class.getName());

  @PersistenceContext EntityManager em;
  @Inject OrderLifecycle lifecycle;
  @Inject LatePaymentRefunds lateRefunds;

  /** The outcome of applying an event: the order afterwards, and whether its status moved. */
  public record Applied(OrderView order, boolean changed) {}

  /** One page of orders and how many there are in all. */
  public record Page(List<OrderView> orders, long total) {}

  /** Saves a validated order as PENDING and moves it on to PAYMENT_PROCESSING. */
  public OrderView createForPayment(NewOrder order) {
    List<OrderItem> items =
        order.items().stream()
            .map(i -> new OrderItem(i.productName(), i.quantity(), i.unitPrice()))
            .toList();
    Order entity = new Order(order.customerEmail(), order.customerName(), order.currency(), items);
    OrderStateMachine.apply(entity, OrderEvent.PAYMENT_STARTED);
    em.persist(entity);
    em.flush();
    return OrderView.of(entity);
  }

  /** The order, or a 404 problem. */
  public OrderView require(long id) {
    return OrderView.of(load(id));
  }

  /** A page of orders by id; only those of {@code importId} when it is given. */
  public Page list(int skip, int limit, Long importId) {
    String where = importId == null ? "" : " WHERE o.importId = :importId";
    var query = em.createQuery("SELECT o FROM Order o" + where + " ORDER BY o.id", Order.class);
    var count = em.createQuery("SELECT COUNT(o) FROM Order o" + where, Long.class);
    if (importId != null) {
      query.setParameter("importId", importId);
      count.setParameter("importId", importId);
    }
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

  private boolean completePayment(Order order, String reason) {
    OrderStatus status = order.getStatus();
    if (OrderStateMachine.alreadyApplied(status, OrderEvent.PAYMENT_SUCCEEDED)) {
      return false;
    }
    if (OrderStateMachine.next(status, OrderEvent.PAYMENT_SUCCEEDED).isEmpty()) {
      lateRefunds.queue(order, "payment completed while the order was " + status.jsonName());
      return false;
    }
    lifecycle.apply(order, OrderEvent.PAYMENT_SUCCEEDED, reason);
    return true;
  }

  /**
   * Claims a PAID order for a cancellation whose refund is about to be asked for: from the commit
   * on it cannot be shipped, and a request that read it before gets 409 (its version moved).
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
    flush(id);
    return OrderView.of(order);
  }

  /** Releases the claim of {@link #startCancellation}: the refund was not made. */
  public void abandonCancellation(long id, String reason) {
    Order order = load(id);
    if (order.isBeingCancelled()) {
      order.abandonCancellation(reason);
      flush(id);
    }
  }

  /**
   * Orders whose cancellation claim is older than {@code cutoff} (a crash mid-refund), oldest
   * first.
   */
  public List<OrderView> cancellationsStartedBefore(java.time.Instant cutoff, int limit) {
    return views(
        em.createQuery(
                "SELECT o FROM Order o WHERE o.cancellationStartedAt < :cutoff ORDER BY o.id",
                Order.class)
            .setParameter("cutoff", cutoff),
        limit);
  }

  /** Orders in PAYMENT_PROCESSING unchanged since before {@code cutoff}, oldest first. */
  public List<OrderView> paymentProcessingSince(java.time.Instant cutoff, int limit) {
    // An unfinished import (running, stopped, failed) charges its orders itself when it goes on.
    return views(
        em.createQuery(
                "SELECT o FROM Order o WHERE o.status = :status AND o.updatedAt < :cutoff"
                    + " AND (o.importId IS NULL OR EXISTS (SELECT i FROM OrderImport i"
                    + " WHERE i.id = o.importId"
                    + " AND i.status IN ('completed', 'completed_with_errors')))"
                    + " ORDER BY o.id",
                Order.class)
            .setParameter("status", OrderStatus.PAYMENT_PROCESSING)
            .setParameter("cutoff", cutoff),
        limit);
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
      throw ApiProblem.conflict(
          "Order " + id + " was changed by another request at the same time; read it and retry.");
    }
  }
}
