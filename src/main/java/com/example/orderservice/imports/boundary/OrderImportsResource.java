package com.example.orderservice.imports.boundary;

import com.example.orderservice.imports.control.ImportIntake;
import com.example.orderservice.imports.control.ImportJobs;
import com.example.orderservice.imports.control.ImportStore;
import com.example.orderservice.imports.entity.ImportView;
import com.example.orderservice.imports.entity.RejectedRow;
import com.example.orderservice.orders.control.OrderValidator;
import com.example.orderservice.platform.ApiProblem;
import com.example.orderservice.platform.CsvCells;
import com.example.orderservice.platform.Paging;
import com.example.orderservice.platform.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code /api/v1/order-imports}: CSV uploads and the imports' progress, errors and control; for
 * operators only.
 */
@ApplicationScoped
@RolesAllowed(Roles.OPERATOR)
@Path("order-imports")
@Produces(MediaType.APPLICATION_JSON)
public class OrderImportsResource {

  static final String TEXT_CSV = "text/csv";

  @Inject ImportIntake intake;
  @Inject ImportStore store;
  @Inject ImportJobs jobs;

  @POST
  @Consumes({TEXT_CSV, "application/csv"})
  public Response uploadCsv(
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
      @QueryParam("file_name") String fileName,
      @Context UriInfo uriInfo) {
    return answer(
        intake.csv(body, length == null ? -1 : length, charsetOf(type), name(fileName)), uriInfo);
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response uploadForm(
      List<EntityPart> parts, @QueryParam("file_name") String fileName, @Context UriInfo uriInfo) {
    EntityPart file =
        parts.stream()
            .filter(p -> p.getName().equals("file"))
            .findFirst()
            .orElseThrow(() -> ApiProblem.badRequest("The form has no part named 'file'."));
    String name = fileName != null ? fileName : file.getFileName().orElse(null);
    return answer(
        intake.csv(file.getContent(), -1, charsetOf(file.getMediaType()), name(name)), uriInfo);
  }

  @GET
  public Response list(@QueryParam("skip") String skip, @QueryParam("limit") String limit) {
    List<ImportView> imports =
        store.list(
            Paging.parse("skip", skip, 0, 0, Integer.MAX_VALUE),
            Paging.parse("limit", limit, 20, 1, 100));
    return Response.ok(imports).header("X-Total-Count", store.count()).build();
  }

  @GET
  @Path("{id}")
  public ImportView get(@PathParam("id") String id) {
    return store.view(importId(id));
  }

  @GET
  @Path("{id}/errors")
  public List<RejectedRow> errors(@PathParam("id") String id) {
    return store.errors(importId(id));
  }

  @GET
  @Path("{id}/errors")
  @Produces(TEXT_CSV)
  public Response errorsAsCsv(@PathParam("id") String id) {
    StringWriter out = new StringWriter();
    try (CSVPrinter csv =
        CSVFormat.RFC4180
            .builder()
            .setHeader("line", "order_ref", "column", "message")
            .get()
            .print(out)) {
      for (RejectedRow row : store.errors(importId(id))) {
        // Uploaded values come back in these cells: none may run as a spreadsheet formula.
        csv.printRecord(
            row.line(),
            CsvCells.neutralise(row.orderRef()),
            CsvCells.neutralise(row.column()),
            CsvCells.neutralise(row.message()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Response.ok(out.toString(), TEXT_CSV + ";charset=UTF-8").build();
  }

  @POST
  @Path("{id}/restart")
  public Response restart(@PathParam("id") String id) {
    long importId = importId(id);
    jobs.restart(importId);
    return Response.accepted(store.view(importId)).build();
  }

  @DELETE
  @Path("{id}")
  public Response stop(@PathParam("id") String id) {
    long importId = importId(id);
    jobs.stop(importId);
    return Response.accepted(store.view(importId)).build();
  }

  /**
   * 202 and a Location for a new import (and for a repeat with its Idempotency-Key); 200 with the
   * earlier one for bytes seen before.
   */
  public static Response answer(ImportIntake.Accepted accepted, UriInfo uriInfo) {
    var location =
        uriInfo
            .getBaseUriBuilder()
            .path("order-imports")
            .path("{id}")
            .build(accepted.upload().id());
    Response.ResponseBuilder response =
        switch (accepted.outcome()) {
          case CREATED -> Response.accepted();
          case REPLAYED -> Response.accepted().header("Idempotent-Replayed", "true");
          case SAME_BYTES -> Response.ok();
        };
    return response.location(location).entity(accepted.upload()).build();
  }

  private static Charset charsetOf(MediaType type) {
    String name = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      Charset charset = Charset.forName(name.replace("\"", "").trim());
      // order_imports.charset is VARCHAR(40); no charset a spreadsheet writes comes near it.
      if (charset.name().length() > 40) {
        throw new UnsupportedCharsetException(name);
      }
      return charset;
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new ApiProblem(
          415, "Unsupported Media Type", "The charset '" + name + "' is not supported.", List.of());
    }
  }

  private static String name(String fileName) {
    // order_imports.file_name is VARCHAR(255), and PostgreSQL refuses NUL in any text.
    if (fileName != null && fileName.codePointCount(0, fileName.length()) > 255) {
      throw ApiProblem.badRequest("file_name must be at most 255 characters.");
    }
    if (OrderValidator.hasNul(fileName)) {
      throw ApiProblem.badRequest("file_name must not contain the NUL character (U+0000).");
    }
    return fileName;
  }

  private static long importId(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiProblem.notFound("There is no import " + text + ".");
    }
  }
}
