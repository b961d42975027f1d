package com.example.orderservice.imports.control;

import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.orders.entity.OrderStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * Keeps an import's {@code orders_paid} and {@code orders_payment_failed} in step with its orders'
 * status changes, in the transaction of the change, so that the counts move exactly when the
 * orders' statuses are committed.
 */
@ApplicationScoped
public class ImportCounters {

  private static final Set<OrderStatus> PAID =
      EnumSet.of(OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED);

  @PersistenceContext EntityManager em;

  void onStatusChanged(@Observes OrderStatusChanged change) {
    Long importId = change.order().getImportId();
    // PAYMENT_STARTED is the creation of an imported order: counted by the step that saves it.
    if (importId == null || change.event() == OrderEvent.PAYMENT_STARTED) {
      return;
    }
    OrderStatus to = change.order().getStatus();
    int paid = (PAID.contains(to) ? 1 : 0) - (PAID.contains(change.from()) ? 1 : 0);
    int failed =
        (to == OrderStatus.PENDING ? 1 : 0) - (change.from() == OrderStatus.PENDING ? 1 : 0);
    if (paid == 0 && failed == 0) {
      return;
    }
    // Through the change's own persistence context, hence its connection and transaction: an
    // increment written at the end of the transaction on a connection of its own survived a
    // server killed before the orders' commit (kill -9 mid-charge counted one page twice).
    // No flush first: the orders' changes go out together, batched, at the commit.
    em.createNativeQuery(
            "UPDATE order_imports SET orders_paid = orders_paid + ?1,"
                + " orders_payment_failed = orders_payment_failed + ?2 WHERE id = ?3")
        .setParameter(1, paid)
        .setParameter(2, failed)
        .setParameter(3, importId)
        .setHint("eclipselink.flush", "false")
        .executeUpdate();
  }
}
