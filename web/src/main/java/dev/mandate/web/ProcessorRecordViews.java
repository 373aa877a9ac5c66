package dev.mandate.web;

import dev.mandate.core.processinglog.ActivityCount;
import dev.mandate.core.report.Party;
import dev.mandate.core.report.ProcessorRecord;
import dev.mandate.core.report.ProcessorRecord.AgreementInPeriod;
import dev.mandate.core.report.ProcessorRecord.ProcessingCategory;
import dev.mandate.core.report.ProcessorRecord.SubProcessor;
import dev.mandate.core.report.ProcessorRecord.Transfer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The JSON body of the record of processing activities (GDPR Art. 30(2), PR-826-01), with the
 * field names of privacy-requirements §2.1.4. Like {@link Views}, written from these web records
 * only, so that the JSON contract (and {@code openapi.json}, schema {@code ProcessorRecord})
 * changes only when this file does.
 */
final class ProcessorRecordViews {
  private ProcessorRecordViews() {}

  record PartyView(String name, String contact) {
    static PartyView of(Party p) {
      return p == null ? null : new PartyView(p.name(), p.contact());
    }
  }

  record DpoView(PartyView controller, PartyView processor) {}

  record ProcessingCategoryView(String purpose, String label, String parentPurpose, List<String> operations,
      List<String> dataCategories, List<String> dataSubjects, boolean processorOwnUse,
      List<Integer> agreementVersions) {
    static ProcessingCategoryView of(ProcessingCategory c) {
      return new ProcessingCategoryView(c.purpose(), c.label(), c.parentPurpose(), c.operations(), c.dataCategories(),
          c.dataSubjects(), c.processorOwnUse(), c.agreementVersions());
    }
  }

  record TransferView(String country, String recipient, String recipientRole, String mechanism,
      String art49_2Safeguards, List<Integer> agreementVersions) {
    static TransferView of(Transfer t) {
      return new TransferView(t.country(), t.recipient(), t.recipientRole() == null ? null : t.recipientRole().name(),
          t.mechanism(), t.art49_2Safeguards(), t.agreementVersions());
    }
  }

  record SubProcessorView(String name, String country, String authorisation, List<String> purposes,
      List<Integer> agreementVersions) {
    static SubProcessorView of(SubProcessor s) {
      return new SubProcessorView(s.name(), s.country(), s.authorisation() == null ? null : s.authorisation().name(),
          s.purposes(), s.agreementVersions());
    }
  }

  record TomDescriptionView(List<String> measures, String description) {}

  record AgreementVersionView(int version, String termsHash, Instant acceptedAt, String acceptedBy,
      Instant supersededAt, Instant terminatedAt, LocalDate startsOn, LocalDate endsOn) {
    static AgreementVersionView of(AgreementInPeriod a) {
      return new AgreementVersionView(a.version(), a.termsHash(), a.acceptedAt(), a.acceptedBy(), a.supersededAt(),
          a.terminatedAt(), a.startsOn(), a.endsOn());
    }
  }

  record ActivityView(String type, String purpose, String operation, String dataCategory, String decision,
      long count) {
    static ActivityView of(ActivityCount a) {
      return new ActivityView(a.type() == null ? null : a.type().name(), a.purpose(), a.operation(),
          a.dataCategory(), a.effect() == null ? null : a.effect().name(), a.count());
    }
  }

  record ProcessorRecordView(String customerId, Instant from, Instant to, Instant generatedAt,
      List<PartyView> processors, PartyView processorRepresentative, PartyView controller,
      PartyView controllerRepresentative, DpoView dpo, List<ProcessingCategoryView> processingCategories,
      List<TransferView> transfers, List<SubProcessorView> subProcessors, TomDescriptionView tomDescription,
      List<AgreementVersionView> agreementVersions, List<ActivityView> activity) {
    static ProcessorRecordView of(ProcessorRecord r) {
      return new ProcessorRecordView(r.customer().value(), r.from(), r.to(), r.generatedAt(),
          r.processors().stream().map(PartyView::of).toList(), PartyView.of(r.processorRepresentative()),
          PartyView.of(r.controller()), PartyView.of(r.controllerRepresentative()),
          r.dpo() == null ? new DpoView(null, null)
              : new DpoView(PartyView.of(r.dpo().controller()), PartyView.of(r.dpo().processor())),
          r.processingCategories().stream().map(ProcessingCategoryView::of).toList(),
          r.transfers().stream().map(TransferView::of).toList(),
          r.subProcessors().stream().map(SubProcessorView::of).toList(),
          new TomDescriptionView(r.tomDescription().measures(), r.tomDescription().description()),
          r.agreementVersions().stream().map(AgreementVersionView::of).toList(),
          r.activity().stream().map(ActivityView::of).toList());
    }
  }
}
