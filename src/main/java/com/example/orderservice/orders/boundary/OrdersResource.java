package com.example.orderservice.orders.boundary;

import com.example.orderservice.orders.control.OrderOrchestrator;
import com.example.orderservice.orders.control.OrderStore;
import com.example.orderservice.orders.entity.NewOrder;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.orders.entity.StatusChange;
import com.example.orderservice.platform.ApiProblem;
import com.example.orderservice.platform.JsonBodies;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/** The order API of DD-ORDER-001 §2.1–2.5 under {@code /api/v1/orders}. */
@Path("orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  @Inject OrderOrchestrator orchestrator;
  @Inject OrderStore store;
  @Inject JsonBodies bodies;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
      @jakarta.ws.rs.core.Context UriInfo uriInfo) {
    NewOrder request = bodies.readAndParse(body, length == null ? -1 : length, NewOrder.class);
    OrderView order = orchestrator.create(request);
    return Response.created(
            uriInfo.getBaseUriBuilder().path("orders").path("{id}").build(order.id()))
        .entity(order)
        .build();
  }

  @GET
  public Response list(@QueryParam("skip") String skip, @QueryParam("limit") String limit) {
    int from = parse("skip", skip, 0, 0, Integer.MAX_VALUE);
    int size = parse("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    OrderStore.Page page = store.list(from, size);
    return Response.ok(page.orders()).header("X-Total-Count", page.total()).build();
  }

  @GET
  @Path("{id}")
  public OrderView get(@PathParam("id") String id) {
    return store.require(orderId(id));
  }

  @PUT
  @Path("{id}/status")
  @Consumes(MediaType.APPLICATION_JSON)
  public OrderView changeStatus(
      @PathParam("id") String id,
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
    long orderId = orderId(id);
    StatusChange change =
        bodies.readAndParse(body, length == null ? -1 : length, StatusChange.class);
    return orchestrator.changeStatus(orderId, change.status());
  }

  @DELETE
  @Path("{id}")
  public OrderView cancel(@PathParam("id") String id) {
    return orchestrator.cancel(orderId(id));
  }

  /** An order id from the path; anything but a positive whole number names no order. */
  static long orderId(String text) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiProblem.notFound("There is no order " + text + ".");
  }

  private static int parse(String name, String text, int fallback, int min, int max) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiProblem.badRequest(
        "The query parameter "
            + name
            + " must be a whole number from "
            + min
            + (max == Integer.MAX_VALUE ? " up" : " to " + max)
            + "; it was '"
            + text
            + "'.");
  }
}
