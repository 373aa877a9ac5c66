package dev.mandate.notify;

import dev.mandate.core.notice.NoticeChannel;
import dev.mandate.core.notice.OutgoingNotice;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Delivers a notice as a plain-text e-mail through the processor's SMTP server (Jakarta Mail,
 * Eclipse Angus). The {@code Message-ID} is derived from the notice id, so a notice sent twice
 * (delivery is at least once) carries the same id and mail clients can fold the copies;
 * {@code Mandate-Notice-Id} and {@code Mandate-Topic} headers let the customer's tooling route it.
 *
 * <p>Outcomes: a 5xx reply (e.g. 550 no such mailbox) gives up at once; 4xx replies, connection
 * failures and timeouts are retried. A refused login is retried too: it is the processor's
 * configuration that is wrong, not the customer's address, and an operator can fix it in time.
 */
public final class SmtpEmailChannel implements NoticeChannel {
  public static final String NOTICE_ID_HEADER = "Mandate-Notice-Id";
  public static final String TOPIC_HEADER = "Mandate-Topic";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  private final SmtpSettings settings;
  private final Session session;
  private final Clock clock;
  private final String messageIdDomain;

  public SmtpEmailChannel(SmtpSettings settings, Clock clock) {
    this(settings, clock, DEFAULT_TIMEOUT);
  }

  public SmtpEmailChannel(SmtpSettings settings, Clock clock, Duration timeout) {
    this.settings = settings;
    this.clock = clock;
    String millis = Long.toString(timeout.toMillis());
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", settings.host());
    p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
    p.setProperty("mail.smtp.from", settings.from());
    p.setProperty("mail.smtp.auth", Boolean.toString(settings.username() != null));
    p.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
    p.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
    p.setProperty("mail.smtp.connectiontimeout", millis);
    p.setProperty("mail.smtp.timeout", millis);
    p.setProperty("mail.smtp.writetimeout", millis);
    this.session = Session.getInstance(p);
    int at = settings.from().lastIndexOf('@');
    this.messageIdDomain = at < 0 ? "mandate.invalid" : settings.from().substring(at + 1);
  }

  @Override
  public Delivery deliver(OutgoingNotice notice) {
    InternetAddress to;
    try {
      to = new InternetAddress(notice.address(), true);
    } catch (AddressException e) {
      return Delivery.permanent("invalid e-mail address");
    }
    try {
      MimeMessage message = new NoticeMessage(session, "<" + notice.id() + "@" + messageIdDomain + ">");
      message.setFrom(new InternetAddress(settings.from(), true));
      message.setRecipient(Message.RecipientType.TO, to);
      message.setSubject(notice.subjectLine(), "UTF-8");
      message.setText(notice.textBody(), "UTF-8");
      message.setSentDate(Date.from(clock.instant()));
      message.setHeader(NOTICE_ID_HEADER, notice.id());
      message.setHeader(TOPIC_HEADER, notice.topic());
      if (settings.username() == null) {
        Transport.send(message);
      } else {
        Transport.send(message, settings.username(), settings.password());
      }
      return Delivery.accepted("SMTP 250");
    } catch (MessagingException e) {
      return outcome(e);
    }
  }

  /**
   * What a failure means: the first SMTP reply code found in the chain decides (5xx permanent,
   * otherwise retry); without one, the kind of failure names it. Never the server's text, which
   * may quote the address.
   */
  static Delivery outcome(MessagingException failure) {
    boolean timeout = false;
    Throwable e = failure;
    for (int depth = 0; e != null && depth < 10; depth++) {
      int code = replyCode(e);
      if (code > 0) {
        String detail = "SMTP " + code;
        return code >= 500 && code < 600 ? Delivery.permanent(detail) : Delivery.retryLater(detail);
      }
      timeout |= e instanceof SocketTimeoutException;
      Throwable next = e instanceof MessagingException m && m.getNextException() != null ? m.getNextException()
          : e.getCause();
      e = next == e ? null : next;
    }
    if (timeout) {
      return Delivery.retryLater("timeout");
    }
    if (failure instanceof MailConnectException) {
      return Delivery.retryLater("SMTP connect failed");
    }
    if (failure instanceof AuthenticationFailedException) {
      return Delivery.retryLater("SMTP authentication failed");
    }
    return Delivery.retryLater("SMTP " + failure.getClass().getSimpleName());
  }

  private static int replyCode(Throwable e) {
    return switch (e) {
      case SMTPAddressFailedException a -> a.getReturnCode();
      case SMTPSenderFailedException s -> s.getReturnCode();
      case SMTPSendFailedException s -> s.getReturnCode();
      default -> -1;
    };
  }

  /** A message whose Message-ID is the notice's own rather than a random one. */
  private static final class NoticeMessage extends MimeMessage {
    private final String messageId;

    NoticeMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
