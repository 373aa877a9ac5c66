package dev.mandate.testkit;

import dev.mandate.core.notice.NoticeOutbox;
import dev.mandate.testkit.contract.NoticeOutboxContract;

/** The in-memory notice outbox honours the same contract as the database adapter. */
class InMemoryNoticeOutboxTest extends NoticeOutboxContract {
  @Override
  protected NoticeOutbox newOutbox() {
    return new InMemoryNoticeOutbox();
  }
}
