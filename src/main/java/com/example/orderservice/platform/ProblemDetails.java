package com.example.orderservice.platform;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The RFC 9457 body every error answer of the API carries. */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
public record ProblemDetails(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<ApiProblem.FieldViolation> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** The problem document as JSON. */
  public static String json(
      int status,
      String title,
      String detail,
      String path,
      List<ApiProblem.FieldViolation> errors) {
    return JsonbConfigurator.jsonb()
        .toJson(
            new ProblemDetails(
                "about:blank",
                title,
                status,
                PublicText.forAnswer(detail),
                path,
                errors.isEmpty() ? null : errors));
  }

  /** Builds the answer for a problem about the request at {@code path}. */
  public static Response response(
      int status,
      String title,
      String detail,
      String path,
      List<ApiProblem.FieldViolation> errors) {
    return Response.status(status, title)
        .type(MediaType.valueOf(MEDIA_TYPE + ";charset=UTF-8"))
        .entity(json(status, title, detail, path, errors))
        .build();
  }
}
