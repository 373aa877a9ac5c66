package dev.mandate.core;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/**
 * The core stays plain Java with injected time (ADR 0001, engineering.md "A layout that shows the
 * architecture"). Only production classes are checked; tests may use anything.
 */
@AnalyzeClasses(packages = "dev.mandate.core",
    importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

  /** No framework, no JDBC driver, no JSON library: the JDK only (javax.crypto and java.security included). */
  @ArchTest
  static final ArchRule core_depends_only_on_the_jdk = classes()
      .that().resideInAPackage("dev.mandate.core..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "dev.mandate.core..")
      .because("core is plain Java 25 with no dependencies (ADR 0001)");

  /** Dependencies point inward: adapters and the app depend on core, never the other way round. */
  @ArchTest
  static final ArchRule core_does_not_depend_on_other_modules = noClasses()
      .that().resideInAPackage("dev.mandate.core..")
      .should().dependOnClassesThat(resideInAPackage("dev.mandate..").and(not(resideInAPackage("dev.mandate.core.."))))
      .because("app -> {web, storage-jdbc, crypto, notify} -> core; core knows none of them");

  /** Time comes from an injected java.time.Clock, so tests and audits can fix it. */
  @ArchTest
  static final ArchRule core_reads_time_only_from_an_injected_clock = noClasses()
      .that().resideInAPackage("dev.mandate.core..")
      .should().callMethod(Instant.class, "now")
      .orShould().callMethod(LocalDate.class, "now")
      .orShould().callMethod(LocalDateTime.class, "now")
      .orShould().callMethod(LocalTime.class, "now")
      .orShould().callMethod(OffsetDateTime.class, "now")
      .orShould().callMethod(ZonedDateTime.class, "now")
      .orShould().callMethod(Clock.class, "systemUTC")
      .orShould().callMethod(Clock.class, "systemDefaultZone")
      .orShould().callMethod(System.class, "currentTimeMillis")
      .orShould().callConstructor(java.util.Date.class)
      .because("time is injected as a java.time.Clock (ADR 0001); X.now(clock) is fine, X.now() is not");

  /** Package by control with meaningful names (engineering.md "Naming"). */
  @ArchTest
  static final ArchRule no_grab_bag_packages = noClasses()
      .that().resideInAPackage("dev.mandate..")
      .should().resideInAnyPackage("..util..", "..utils..", "..common..", "..manager..", "..impl..")
      .because("no util, common, manager or impl packages (engineering.md)");
}
