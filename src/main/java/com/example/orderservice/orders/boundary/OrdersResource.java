package com.example.orderservice.orders.boundary;

import com.example.orderservice.orders.control.IdempotentRequests;
import com.example.orderservice.orders.control.OrderOrchestrator;
import com.example.orderservice.orders.control.OrderStore;
import com.example.orderservice.orders.entity.NewOrder;
import com.example.orderservice.orders.entity.OrderFilter;
import com.example.orderservice.orders.entity.OrderHistoryView;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.orders.entity.StatusChange;
import com.example.orderservice.platform.ApiProblem;
import com.example.orderservice.platform.EntityTags;
import com.example.orderservice.platform.Hashes;
import com.example.orderservice.platform.JsonBodies;
import com.example.orderservice.platform.JsonbConfigurator;
import com.example.orderservice.platform.PageLinks;
import com.example.orderservice.platform.Paging;
import com.example.orderservice.platform.ProblemDetails;
import com.example.orderservice.platform.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The order API of DD-ORDER-001 §2.1–2.5 under {@code /api/v1/orders}: the storefront and operators
 * create, read and cancel; status changes and batches are the operators' (security.md).
 */
@ApplicationScoped
@RolesAllowed({Roles.STOREFRONT, Roles.OPERATOR})
@Path("orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  @Inject OrderOrchestrator orchestrator;
  @Inject OrderStore store;
  @Inject JsonBodies bodies;
  @Inject IdempotentRequests idempotency;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
      @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
      @Context UriInfo uriInfo) {
    byte[] raw = bodies.read(body, length == null ? -1 : length);
    if (idempotencyKey == null) {
      return created(create(raw, null), uriInfo);
    }
    if (idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
      throw ApiProblem.badRequest("The Idempotency-Key header must have 1 to 255 characters.");
    }
    Optional<IdempotentRequests.StoredAnswer> earlier =
        idempotency.begin(idempotencyKey, Hashes.sha256(raw));
    if (earlier.isPresent()) {
      return earlier.get().body() == null
          ? answerCreated(idempotencyKey, earlier.get().orderId(), uriInfo)
          : replay(earlier.get());
    }
    try {
      return remembered(idempotencyKey, created(create(raw, idempotencyKey), uriInfo));
    } catch (ApiProblem problem) {
      if (problem.status() < 500) {
        idempotency.complete(
            idempotencyKey,
            problem.status(),
            ProblemDetails.json(
                problem.status(),
                problem.title(),
                problem.getMessage(),
                uriInfo.getRequestUri().getRawPath(),
                problem.violations()),
            null);
      } else {
        keepOrForget(idempotencyKey, uriInfo);
      }
      throw problem;
    } catch (RuntimeException unexpected) {
      keepOrForget(idempotencyKey, uriInfo);
      throw unexpected;
    }
  }

  /**
   * After a failure on our side: a key that created an order answers it from now on; one that did
   * not is forgotten, so that the client may try again.
   */
  private void keepOrForget(String key, UriInfo uriInfo) {
    Optional<Long> order = idempotency.createdOrder(key);
    if (order.isPresent()) {
      answerCreated(key, order.get(), uriInfo);
    } else {
      idempotency.abandon(key);
    }
  }

  /** Answers (and keeps as the key's answer) the order that the key created. */
  private Response answerCreated(String key, long orderId, UriInfo uriInfo) {
    return remembered(key, created(store.require(orderId), uriInfo));
  }

  /** Keeps {@code response} (a 201 with the order) as the answer of {@code key}. */
  private Response remembered(String key, Response response) {
    idempotency.complete(
        key,
        response.getStatus(),
        JsonbConfigurator.jsonb().toJson(response.getEntity()),
        response.getLocation().toString());
    return response;
  }

  private OrderView create(byte[] raw, String idempotencyKey) {
    return orchestrator.create(bodies.parse(raw, NewOrder.class), idempotencyKey);
  }

  private static Response created(OrderView order, UriInfo uriInfo) {
    return Response.created(
            uriInfo.getBaseUriBuilder().path("orders").path("{id}").build(order.id()))
        .entity(order)
        .build();
  }

  private static Response replay(IdempotentRequests.StoredAnswer answer) {
    Response.ResponseBuilder response =
        Response.status(answer.status())
            .type(
                answer.status() >= 400
                    ? ProblemDetails.MEDIA_TYPE + ";charset=UTF-8"
                    : MediaType.APPLICATION_JSON)
            .entity(answer.body())
            .header("Idempotent-Replayed", "true");
    if (answer.location() != null) {
      response.header(HttpHeaders.LOCATION, answer.location());
    }
    return response.build();
  }

  @GET
  public Response list(
      @QueryParam("skip") String skip,
      @QueryParam("limit") String limit,
      @QueryParam("import_id") String importId,
      @QueryParam("customer_email") String customerEmail,
      @QueryParam("status") String status,
      @QueryParam("created_from") String createdFrom,
      @QueryParam("created_to") String createdTo,
      @QueryParam("sort") String sort,
      @Context UriInfo uriInfo) {
    int from = Paging.parse("skip", skip, 0, 0, Integer.MAX_VALUE);
    int size = Paging.parse("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    OrderFilter filter =
        OrderListQuery.filter(importId, customerEmail, status, createdFrom, createdTo, sort);
    OrderStore.Page page = store.list(from, size, filter);
    return Response.ok(page.orders())
        .header("X-Total-Count", page.total())
        .header("Link", PageLinks.of(uriInfo, from, size, page.total()))
        .build();
  }

  @GET
  @Path("{id}")
  public Response get(@PathParam("id") String id) {
    long orderId = orderId(id);
    OrderView order = store.require(orderId);
    return Response.ok(order).tag(etag(orderId)).build();
  }

  @GET
  @Path("{id}/history")
  public List<OrderHistoryView> history(@PathParam("id") String id) {
    return store.history(orderId(id));
  }

  @PUT
  @Path("{id}/status")
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response changeStatus(
      @PathParam("id") String id,
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    long orderId = orderId(id);
    StatusChange change =
        bodies.readAndParse(body, length == null ? -1 : length, StatusChange.class);
    requireVersion(orderId, ifMatch);
    return answer(orchestrator.changeStatus(orderId, change.status()));
  }

  /**
   * Cancels an order: 200 with the cancelled order, or 202 with the order still {@code paid} and
   * {@code settling: refund} while its refund waits for the Payment Service's confirmation (it
   * cannot be shipped meanwhile, and is cancelled once the refund is confirmed).
   */
  @DELETE
  @Path("{id}")
  public Response cancel(
      @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    long orderId = orderId(id);
    requireVersion(orderId, ifMatch);
    return answer(orchestrator.cancel(orderId));
  }

  /**
   * 412 when the caller's {@code If-Match} names another version. Checked just before the change: a
   * change that slips in between is still caught by the entity's {@code @Version} (409).
   */
  private void requireVersion(long orderId, String ifMatch) {
    if (ifMatch != null) {
      EntityTags.requireMatch(ifMatch, store.version(orderId), "Order " + orderId);
    }
  }

  /** The order's ETag now. */
  private EntityTag etag(long orderId) {
    return new EntityTag(String.valueOf(store.version(orderId)));
  }

  /** 202 while the order's refund is still being settled, 200 otherwise; with the ETag. */
  private Response answer(OrderView order) {
    return Response.status("refund".equals(order.settling()) ? 202 : 200)
        .entity(order)
        .tag(etag(order.id()))
        .build();
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
}
