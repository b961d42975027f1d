package com.example.orderservice.notifications.control;

import com.example.orderservice.notifications.entity.EmailRequest;
import com.example.orderservice.platform.peers.PeerResponseExceptionMapper;
import com.example.orderservice.platform.peers.RequestIdForwarder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The Notification Service's HTTP API (DD-ORDER-001 §6.2, bodies as in peers.md). */
@RegisterRestClient(configKey = "notification-service")
@RegisterProvider(PeerResponseExceptionMapper.class)
@RegisterProvider(RequestIdForwarder.class)
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface NotificationServiceClient {

  @POST
  @Path("/email")
  Response sendEmail(@HeaderParam("Idempotency-Key") String idempotencyKey, EmailRequest request);
}
