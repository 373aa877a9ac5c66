package dev.mandate.notify;

import java.util.Objects;

/**
 * How Mandate reaches its outgoing mail server. {@code username} null means no authentication;
 * {@code startTls} upgrades the connection before anything, credentials included, is sent, and
 * is required, not merely attempted, so that a server that drops it is not used in clear text.
 *
 * @param from the sender address of every notice, e.g. {@code notices@processor.example}
 */
public record SmtpSettings(String host, int port, String from, String username, String password, boolean startTls) {
  public SmtpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(from, "from");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("an SMTP port is 1 to 65535");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("give both an SMTP username and password, or neither");
    }
  }

  /** Without credentials and STARTTLS: a local relay, or a test server. */
  public static SmtpSettings unauthenticated(String host, int port, String from) {
    return new SmtpSettings(host, port, from, null, null, false);
  }

  /** Never the password. */
  @Override
  public String toString() {
    return "SmtpSettings[host=" + host + ", port=" + port + ", from=" + from + ", username=" + username
        + ", password=" + (password == null ? "none" : "***") + ", startTls=" + startTls + "]";
  }
}
