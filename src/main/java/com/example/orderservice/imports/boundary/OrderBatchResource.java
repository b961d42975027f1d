package com.example.orderservice.imports.boundary;

import com.example.orderservice.imports.control.ImportIntake;
import com.example.orderservice.platform.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/**
 * {@code POST /api/v1/orders/batch}: up to 10,000 orders in one call, run as an import (it lives
 * with the imports, which hand the orders to the orders component, not the other way round).
 */
@ApplicationScoped
@RolesAllowed(Roles.OPERATOR)
@Path("orders/batch")
@Produces(MediaType.APPLICATION_JSON)
public class OrderBatchResource {

  @Inject ImportIntake intake;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createBatch(
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @Context UriInfo uriInfo) {
    return OrderImportsResource.answer(
        intake.jsonBatch(body, length == null ? -1 : length, idempotencyKey), uriInfo);
  }
}
