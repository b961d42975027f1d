package com.example.orderservice.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The Link header keeps the request's filters as the client encoded them and pages by limit. */
class PageLinksTest {

  @Test
  void linksKeepFiltersEncodedOnceAndStopAtTheEnds() {
    UriInfo request =
        uriInfo("http://h/api/v1/orders?customer_email=a%40b.com&skip=2&limit=2&sort=-created_at");

    String links = PageLinks.of(request, 2, 2, 5);

    assertThat(links)
        .isEqualTo(
            "</api/v1/orders?customer_email=a%40b.com&sort=-created_at&skip=0&limit=2>;"
                + " rel=\"first\", "
                + "</api/v1/orders?customer_email=a%40b.com&sort=-created_at&skip=0&limit=2>;"
                + " rel=\"prev\", "
                + "</api/v1/orders?customer_email=a%40b.com&sort=-created_at&skip=4&limit=2>;"
                + " rel=\"next\", "
                + "</api/v1/orders?customer_email=a%40b.com&sort=-created_at&skip=4&limit=2>;"
                + " rel=\"last\"");
  }

  @Test
  void anEmptyListHasOnlyFirstAndLast() {
    assertThat(PageLinks.of(uriInfo("http://h/api/v1/orders"), 0, 20, 0))
        .isEqualTo(
            "</api/v1/orders?skip=0&limit=20>; rel=\"first\", "
                + "</api/v1/orders?skip=0&limit=20>; rel=\"last\"");
  }

  private static UriInfo uriInfo(String uri) {
    return (UriInfo)
        Proxy.newProxyInstance(
            UriInfo.class.getClassLoader(),
            new Class<?>[] {UriInfo.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getRequestUri")) {
                return URI.create(uri);
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
