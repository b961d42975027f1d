package com.example.orderservice.outbox.boundary;

import com.example.orderservice.outbox.control.OutboxStore;
import com.example.orderservice.outbox.entity.OutboxStatus;
import com.example.orderservice.outbox.entity.OutboxView;
import com.example.orderservice.platform.ApiProblem;
import com.example.orderservice.platform.Paging;
import com.example.orderservice.platform.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code /api/v1/admin/outbox}: what the outbox holds, and bringing a dead message back; for
 * operators only.
 */
@ApplicationScoped
@RolesAllowed(Roles.OPERATOR)
@Path("admin/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxAdminResource {

  @Inject OutboxStore store;

  @GET
  public List<OutboxView> list(
      @QueryParam("status") String status,
      @QueryParam("order_id") String orderId,
      @QueryParam("skip") String skip,
      @QueryParam("limit") String limit) {
    OutboxStatus wanted =
        status == null
            ? null
            : OutboxStatus.ofJsonName(status)
                .orElseThrow(
                    () -> ApiProblem.badRequest("status must be one of pending, sent, dead."));
    return store.list(
        wanted,
        Paging.optionalId("order_id", orderId),
        Paging.parse("skip", skip, 0, 0, Integer.MAX_VALUE),
        Paging.parse("limit", limit, 100, 1, 1000));
  }

  @POST
  @Path("{id}/retry")
  public OutboxView retry(@PathParam("id") String id) {
    try {
      return store.revive(Long.parseLong(id));
    } catch (NumberFormatException e) {
      throw ApiProblem.notFound("There is no outbox message " + id + ".");
    }
  }
}
