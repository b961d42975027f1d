package com.example.orderservice.platform;

import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.StringJoiner;

/**
 * The RFC 8288 {@code Link} header of a paged list: first, prev, next and last pages of the same
 * request (same filters), so a client pages without building URLs itself.
 */
public final class PageLinks {

  private PageLinks() {}

  /** The header value for the page at {@code skip} of {@code limit} out of {@code total}. */
  public static String of(UriInfo uriInfo, int skip, int limit, long total) {
    StringJoiner links = new StringJoiner(", ");
    long lastSkip = total == 0 ? 0 : ((total - 1) / limit) * limit;
    links.add(link(uriInfo, 0, limit, "first"));
    if (skip > 0) {
      links.add(link(uriInfo, Math.max(0, skip - limit), limit, "prev"));
    }
    if ((long) skip + limit < total) {
      links.add(link(uriInfo, (long) skip + limit, limit, "next"));
    }
    links.add(link(uriInfo, lastSkip, limit, "last"));
    return links.toString();
  }

  private static String link(UriInfo uriInfo, long skip, int limit, String rel) {
    // The request's own path and query, as the client encoded them, with skip and limit set:
    // relative to the host, since the service does not know its public address behind a proxy.
    URI request = uriInfo.getRequestUri();
    StringJoiner query = new StringJoiner("&");
    if (request.getRawQuery() != null) {
      for (String parameter : request.getRawQuery().split("&")) {
        if (!parameter.isEmpty()
            && !parameter.startsWith("skip=")
            && !parameter.startsWith("limit=")
            && !parameter.equals("skip")
            && !parameter.equals("limit")) {
          query.add(parameter);
        }
      }
    }
    query.add("skip=" + skip).add("limit=" + limit);
    return "<" + request.getRawPath() + "?" + query + ">; rel=\"" + rel + "\"";
  }
}
