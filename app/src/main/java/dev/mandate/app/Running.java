package dev.mandate.app;

import dev.mandate.core.access.IssuedKey;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/** What start and start-dev share once Mandate runs: the banner and waiting for Ctrl-C. */
final class Running {
  private Running() {}

  static void announce(PrintStream out, Mandate mandate, String host, String where) {
    String shownHost = "0.0.0.0".equals(host) ? "localhost" : host;
    String url = "http://" + shownHost + ":" + mandate.port();
    out.println();
    out.println("Mandate is running at " + url + "  (" + where + ")");
    out.println("  health:  " + url + "/health    API: " + url + "/v1    OpenAPI: " + url + "/openapi.json");
    mandate.bootstrapKey().ifPresentOrElse(key -> {
      out.println();
      out.println("First start: a processor-admin API key was created. It is shown only this once; store it now:");
      out.println();
      out.println("  " + key.secret());
      out.println();
      out.println("  export MANDATE_URL=" + url + " MANDATE_ADMIN_KEY=" + key.secret());
    }, () -> out.println("  Use the processor-admin key printed on the first start (it is stored only as a hash)."));
    out.println();
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  /** Blocks until the JVM shuts down; the shutdown hooks close everything in order. */
  static void awaitShutdown(AutoCloseable... resources) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (AutoCloseable r : resources) {
        try {
          r.close();
        } catch (Exception e) {
          System.err.println("Error while stopping: " + e.getClass().getSimpleName());
        }
      }
      System.out.println("Mandate stopped.");
    }, "mandate-shutdown"));
    new CountDownLatch(1).await();
  }
}
