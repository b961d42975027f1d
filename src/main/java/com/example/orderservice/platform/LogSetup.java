package com.example.orderservice.platform;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * At start-up, has the server's root log handlers carry this instance's id and request ids and,
 * with {@code LOG_FORMAT=json}, write one JSON object per line; puts the handlers back as they were
 * at stop.
 */
// The root handlers are the server's: putting them back keeps a redeploy from stacking filters or
// keeping this application's classes alive through them.
@WebListener
public class LogSetup implements ServletContextListener {

  private static final Logger LOG = Logger.getLogger(LogSetup.class.getName());

  private final Map<Handler, Formatter> formatters = new HashMap<>();

  @Override
  public void contextInitialized(ServletContextEvent event) {
    boolean json = "json".equalsIgnoreCase(System.getenv("LOG_FORMAT"));
    String instance = InstanceIdentity.id();
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      handler.setFilter(new RequestIdLogStamp(handler.getFilter(), !json, instance));
      if (json) {
        formatters.put(handler, handler.getFormatter());
        handler.setFormatter(new JsonLogFormatter(instance));
      }
    }
    LOG.info(
        () ->
            "Log lines carry instance "
                + instance
                + " and request ids"
                + (json ? "; one JSON object per line" : ""));
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      Filter filter = handler.getFilter();
      if (filter instanceof RequestIdLogStamp stamp) {
        handler.setFilter(stamp.previous());
      }
      Formatter previous = formatters.get(handler);
      if (previous != null) {
        handler.setFormatter(previous);
      }
    }
    formatters.clear();
  }
}
