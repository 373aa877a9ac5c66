package dev.mandate.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dependencies point inward: app → {web, storage-jdbc, crypto, documents, tcf} → core. */
class LayeringTest {
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.mandate");
  }

  @Test
  void coreDependsOnNoAdapter() {
    noClasses().that().resideInAPackage("dev.mandate.core..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.mandate.web..", "dev.mandate.storage..",
            "dev.mandate.crypto..", "dev.mandate.documents..", "dev.mandate.tcf..", "dev.mandate.app..")
        .check(classes);
  }

  @Test
  void adaptersDoNotDependOnEachOther() {
    String[] adapters = {"dev.mandate.web..", "dev.mandate.storage..", "dev.mandate.crypto..", "dev.mandate.documents..",
        "dev.mandate.tcf.."};
    for (String adapter : adapters) {
      java.util.List<String> others = new java.util.ArrayList<>(java.util.List.of(adapters));
      others.remove(adapter);
      others.add("dev.mandate.app..");
      noClasses().that().resideInAPackage(adapter)
          .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
          .check(classes);
    }
  }
}
