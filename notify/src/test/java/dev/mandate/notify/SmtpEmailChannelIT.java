package dev.mandate.notify;

import static dev.mandate.testkit.contract.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.customer.NotificationEndpoint.Kind;
import dev.mandate.core.notice.NoticeChannel.Delivery;
import dev.mandate.core.notice.NoticeDraft;
import dev.mandate.core.notice.OutgoingNotice;
import dev.mandate.testkit.MutableClock;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMTP e-mail against a real in-process mail server (GreenMail) and, for refusals, a scripted one. */
class SmtpEmailChannelIT {
  static final CustomerId ACME = new CustomerId("acme");
  static final String FROM = "notices@processor.example";
  final MutableClock clock = new MutableClock(T0);
  GreenMail mail;

  @BeforeEach
  void startMailServer() {
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
  }

  @AfterEach
  void stopMailServer() {
    mail.stop();
  }

  SmtpEmailChannel channel(int port) {
    return new SmtpEmailChannel(SmtpSettings.unauthenticated("127.0.0.1", port, FROM), clock, Duration.ofSeconds(3));
  }

  static OutgoingNotice notice(String address) {
    NoticeDraft draft = new NoticeDraft(ACME, "instruction.held", "instruction:ins_x/v2",
        "Instruction ins_x held – review needed", "Instruction ins_x version 2 was held.\nSee the console: é 中.",
        "{}");
    return OutgoingNotice.pending("ntc_mail1", draft, new NotificationEndpoint(Kind.EMAIL, address), T0);
  }

  @Test
  void theCustomerReceivesAPlainTextMailWithSubjectBodyAndHeaders() throws Exception {
    Delivery d = channel(mail.getSmtp().getPort()).deliver(notice("privacy@acme.example"));

    assertThat(d).isEqualTo(Delivery.accepted("SMTP 250"));
    assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage received = mail.getReceivedMessages()[0];
    assertThat(received.getSubject()).isEqualTo("Instruction ins_x held – review needed");
    assertThat(received.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
        .containsExactly("privacy@acme.example");
    assertThat(received.getFrom()).extracting(Object::toString).containsExactly(FROM);
    assertThat(received.getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
    assertThat(((String) received.getContent()).strip().replace("\r\n", "\n"))
        .isEqualTo("Instruction ins_x version 2 was held.\nSee the console: é 中.");
    assertThat(received.getMessageID()).isEqualTo("<ntc_mail1@processor.example>");
    assertThat(received.getHeader("Mandate-Notice-Id", null)).isEqualTo("ntc_mail1");
    assertThat(received.getHeader("Mandate-Topic", null)).isEqualTo("instruction.held");
    assertThat(received.getSentDate().toInstant()).isEqualTo(T0.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(GreenMailUtil.getHeaders(received)).doesNotContain("Bcc");
  }

  @Test
  void aStoppedServerIsAFailureToRetry() {
    int port = mail.getSmtp().getPort();
    mail.stop();

    Delivery d = channel(port).deliver(notice("privacy@acme.example"));

    assertThat(d).isEqualTo(Delivery.retryLater("SMTP connect failed"));
  }

  @Test
  void aMailboxThatDoesNotExistIsPermanentAndTheReplyIsNotKept() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer("550 5.1.1 <jane.doe@acme.example>: no such user")) {
      Delivery d = channel(server.port()).deliver(notice("jane.doe@acme.example"));

      assertThat(d).isEqualTo(Delivery.permanent("SMTP 550"));
    }
  }

  @Test
  void aTemporaryRefusalIsRetried() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer("451 4.3.0 try again later")) {
      assertThat(channel(server.port()).deliver(notice("privacy@acme.example")))
          .isEqualTo(Delivery.retryLater("SMTP 451"));
    }
  }

  @Test
  void anAddressThatIsNoAddressIsPermanent() {
    assertThat(channel(mail.getSmtp().getPort()).deliver(notice("not an address")))
        .isEqualTo(Delivery.permanent("invalid e-mail address"));
  }

  @Test
  void failuresMapToOutcomesByReplyCode() throws Exception {
    InternetAddress to = new InternetAddress("privacy@acme.example");
    MessagingException rejected = new SendFailedException("Invalid Addresses",
        new SMTPAddressFailedException(to, "RCPT TO", 553, "553 mailbox name not allowed"));
    assertThat(SmtpEmailChannel.outcome(rejected)).isEqualTo(Delivery.permanent("SMTP 553"));
    assertThat(SmtpEmailChannel.outcome(new SMTPSendFailedException("DATA", 452, "452 insufficient storage", null,
        null, null, null))).isEqualTo(Delivery.retryLater("SMTP 452"));
    assertThat(SmtpEmailChannel.outcome(new MessagingException("read timed out",
        new java.net.SocketTimeoutException("Read timed out")))).isEqualTo(Delivery.retryLater("timeout"));
    assertThat(SmtpEmailChannel.outcome(new MessagingException("odd"))).isEqualTo(
        Delivery.retryLater("SMTP MessagingException"));
  }

  @Test
  void settingsNeverShowThePassword() {
    assertThat(new SmtpSettings("smtp.example", 587, FROM, "user", "s3cret", true).toString())
        .doesNotContain("s3cret").contains("***");
  }

  /** A one-connection SMTP server that accepts everything but RCPT TO, which it answers with {@code rcptReply}. */
  static final class ScriptedSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    ScriptedSmtpServer(String rcptReply) throws IOException {
      socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      thread = Thread.ofVirtual().start(() -> serve(rcptReply));
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve(String rcptReply) {
      try (Socket s = socket.accept();
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
          PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII)) {
        reply(out, "220 scripted.example ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
          String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
          switch (command) {
            case "EHLO", "HELO" -> reply(out, "250 scripted.example");
            case "MAIL", "RSET", "NOOP" -> reply(out, "250 2.0.0 ok");
            case "RCPT" -> reply(out, rcptReply);
            case "QUIT" -> {
              reply(out, "221 2.0.0 bye");
              return;
            }
            default -> reply(out, "502 5.5.2 not implemented");
          }
        }
      } catch (IOException ignored) {
        // the test has ended
      }
    }

    private static void reply(PrintWriter out, String line) {
      out.print(line + "\r\n");
      out.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
