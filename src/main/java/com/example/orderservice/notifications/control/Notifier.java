package com.example.orderservice.notifications.control;

import com.example.orderservice.notifications.entity.EmailRequest;
import com.example.orderservice.notifications.entity.EmailTemplate;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.platform.peers.PeerCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Sends the order e-mails. A failed e-mail is logged and never fails the order (DD-ORDER-001 §6.2);
 * the idempotency key makes the peer drop a mail it has already sent.
 */
@ApplicationScoped
public class Notifier {

  private static final Logger LOG = Logger.getLogger(Notifier.class.getName());

  @Inject @RestClient NotificationServiceClient client;

  /** One key per order and template: an order gets each kind of e-mail at most once. */
  public static String idempotencyKey(long orderId, EmailTemplate template) {
    return "order-" + orderId + "-" + template.name();
  }

  public static EmailRequest emailFor(OrderView order, EmailTemplate template) {
    return new EmailRequest(
        order.customerEmail(),
        template,
        new EmailRequest.Data(
            order.id(),
            order.customerName(),
            order.totalAmount(),
            order.currency(),
            order.status()));
  }

  /** Sends {@code template} about {@code order}; true when the peer accepted it. */
  public boolean send(OrderView order, EmailTemplate template) {
    try {
      PeerCalls.call(
          "Notification Service",
          () -> {
            try (Response response =
                client.sendEmail(idempotencyKey(order.id(), template), emailFor(order, template))) {
              return response.getStatus();
            }
          });
      return true;
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Order " + order.id() + ": " + template + " e-mail not sent: " + e.getMessage());
      return false;
    }
  }
}
