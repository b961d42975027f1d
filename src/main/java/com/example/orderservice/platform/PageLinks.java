package com.example.orderservice.platform;

import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
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
    // Relative to the host: the service does not know its public address behind a proxy.
    UriBuilder page =
        uriInfo
            .getRequestUriBuilder()
            .replaceQueryParam("skip", skip)
            .replaceQueryParam("limit", limit);
    var uri = page.build();
    String query = uri.getRawQuery();
    return "<" + uri.getRawPath() + (query == null ? "" : "?" + query) + ">; rel=\"" + rel + "\"";
  }
}
