package dev.purser.ledger;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The decider ({@code dev.purser.ledger}) is a pure function of state and command: it may use the
 * JDK and the contract types of {@code schemas}, never Kafka, Jackson, CloudEvents or the topology
 * that runs it (STYLE.md: a pure decider with no Kafka imports). Checked on the compiled classes,
 * so a fully qualified name or a return type counts as much as an import.
 */
class DeciderPurityTest {
    private static final JavaClasses DECIDER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.purser.ledger");

    @Test
    void theDeciderDependsOnlyOnTheJdkAndTheContract() {
        ArchRule rule = classes().that().resideInAPackage("dev.purser.ledger..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.purser.ledger..", "dev.purser.schemas..");
        rule.check(DECIDER);
    }

    @Test
    void theDeciderNeverSeesKafkaJacksonCloudEventsOrItsRunner() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.purser.ledger..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "com.fasterxml.jackson..", "io.cloudevents..",
                        "dev.purser.topology..");
        rule.check(DECIDER);
    }

    @Test
    void theRuleSeesTheDecider() {
        assertThat(DECIDER.contain(Ledger.class)).isTrue();
        assertThat(DECIDER.size()).isGreaterThan(20);
    }
}
