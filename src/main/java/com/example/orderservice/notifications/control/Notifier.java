package com.example.orderservice.notifications.control;

import com.example.orderservice.notifications.entity.EmailRequest;
import com.example.orderservice.notifications.entity.EmailTemplate;
import com.example.orderservice.orders.entity.Money;
import com.example.orderservice.orders.entity.Order;
import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderStatusChanged;
import com.example.orderservice.outbox.control.Outbox;
import com.example.orderservice.outbox.entity.OutboxMessage;
import com.example.orderservice.platform.JsonbConfigurator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Decides which e-mail an order event calls for and queues it in the outbox, in the transaction of
 * the status change. One idempotency key per order and template: an order gets each kind of e-mail
 * at most once, however often it is delivered.
 */
@ApplicationScoped
public class Notifier {

  @Inject Outbox outbox;

  public static String idempotencyKey(long orderId, EmailTemplate template) {
    return "order-" + orderId + "-" + template.name();
  }

  /** The e-mail the move for {@code event} sends, if any. */
  public static Optional<EmailTemplate> templateFor(OrderEvent event) {
    return switch (event) {
      case PAYMENT_SUCCEEDED -> Optional.of(EmailTemplate.ORDER_CONFIRMATION);
      case SHIP -> Optional.of(EmailTemplate.ORDER_SHIPPED);
      case CANCEL, REFUNDED -> Optional.of(EmailTemplate.ORDER_CANCELLED);
      case PAYMENT_STARTED, PAYMENT_FAILED, PAYMENT_GIVEN_UP, DELIVER -> Optional.empty();
    };
  }

  /** Queues the e-mail a status change calls for, in the transaction of the change. */
  void onStatusChanged(@Observes OrderStatusChanged change) {
    queueFor(change.order(), change.event());
  }

  /** Queues the e-mail that {@code event} calls for (none for most events). */
  public void queueFor(Order order, OrderEvent event) {
    templateFor(event)
        .ifPresent(
            template -> {
              EmailRequest email = emailFor(order, template);
              outbox.enqueue(
                  new OutboxMessage(
                      OutboxMessage.Kind.EMAIL,
                      order.getId(),
                      idempotencyKey(order.getId(), template),
                      JsonbConfigurator.jsonb().toJson(email)));
            });
  }

  static EmailRequest emailFor(Order order, EmailTemplate template) {
    return new EmailRequest(
        order.getCustomerEmail(),
        template,
        new EmailRequest.Data(
            order.getId(),
            order.getCustomerName(),
            Money.of(order.getCurrency()).scaled(order.getTotalAmount()),
            order.getCurrency(),
            order.getStatus().jsonName()));
  }
}
