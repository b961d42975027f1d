package com.example.orderservice.payments.control;

import com.example.orderservice.payments.entity.ChargeRequest;
import com.example.orderservice.payments.entity.Payment;
import com.example.orderservice.payments.entity.RefundRequest;
import com.example.orderservice.platform.peers.PeerResponseExceptionMapper;
import com.example.orderservice.platform.peers.RequestIdForwarder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The Payment Service's HTTP API (DD-ORDER-001 §6.1, bodies as in peers.md). */
@RegisterRestClient(configKey = "payment-service")
@RegisterProvider(PeerResponseExceptionMapper.class)
@RegisterProvider(RequestIdForwarder.class)
@Path("/api/v1/payments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface PaymentServiceClient {

  @POST
  Payment charge(@HeaderParam("Idempotency-Key") String idempotencyKey, ChargeRequest request);

  @GET
  @Path("/order/{orderId}")
  Payment findByOrder(@PathParam("orderId") long orderId);

  @POST
  @Path("/refund")
  Payment refund(@HeaderParam("Idempotency-Key") String idempotencyKey, RefundRequest request);
}
