package io.tsunagu.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package boundaries of STYLE.md §3: {@code transport → session → codec} and {@code transport → handoff};
 * {@code transport → auth} (the authorization hook, which reads only config and contracts); config is a leaf everyone
 * may read; health looks at transport; the codec is pure (no CDI, no Quarkus, no I/O).
 */
@AnalyzeClasses(packages = "io.tsunagu.ingest", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String CODEC = "io.tsunagu.ingest.codec..";
    private static final String SESSION = "io.tsunagu.ingest.session..";
    private static final String TRANSPORT = "io.tsunagu.ingest.transport..";
    private static final String HANDOFF = "io.tsunagu.ingest.handoff..";
    private static final String CONFIG = "io.tsunagu.ingest.config..";
    private static final String HEALTH = "io.tsunagu.ingest.health..";
    private static final String AUTH = "io.tsunagu.ingest.auth..";

    @ArchTest
    static final ArchRule codecDependsOnNoOtherIngestPackage = noClasses().that().resideInAPackage(CODEC)
            .should().dependOnClassesThat().resideInAnyPackage(SESSION, TRANSPORT, HANDOFF, CONFIG, HEALTH, AUTH);

    @ArchTest
    static final ArchRule codecIsPure = noClasses().that().resideInAPackage(CODEC)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "io.quarkus..", "io.smallrye..",
                    "org.apache.kafka..", "java.net..", "java.nio.file..", "java.io..")
            .because("the codec maps and validates frames: pure functions, no CDI, no I/O");

    @ArchTest
    static final ArchRule sessionKnowsNothingOfSocketsOrStreams = noClasses().that().resideInAPackage(SESSION)
            .should().dependOnClassesThat().resideInAnyPackage(TRANSPORT, HANDOFF, HEALTH, "io.vertx.core.net..",
                    "io.netty.channel..", "org.apache.kafka..");

    @ArchTest
    static final ArchRule handoffKnowsNothingOfProtocols = noClasses().that().resideInAPackage(HANDOFF)
            .should().dependOnClassesThat().resideInAnyPackage(TRANSPORT, SESSION, CODEC, HEALTH, "io.vertx.mqtt..");

    @ArchTest
    static final ArchRule authKnowsNothingOfProtocolsOrSockets = noClasses().that().resideInAPackage(AUTH)
            .should().dependOnClassesThat().resideInAnyPackage(TRANSPORT, SESSION, CODEC, HANDOFF, HEALTH,
                    "io.vertx..", "io.netty..", "org.apache.kafka..")
            .because("authorization decides on identities and topics only; transport asks it");

    @ArchTest
    static final ArchRule configIsALeaf = noClasses().that().resideInAPackage(CONFIG)
            .should().dependOnClassesThat().resideInAnyPackage(TRANSPORT, SESSION, CODEC, HANDOFF, HEALTH, AUTH);

    @ArchTest
    static final ArchRule onlyHealthLooksAtTransport = noClasses().that().resideOutsideOfPackages(TRANSPORT, HEALTH)
            .should().dependOnClassesThat().resideInAPackage(TRANSPORT);

    @ArchTest
    static final ArchRule nothingDependsOnHealth = noClasses().that().resideOutsideOfPackage(HEALTH)
            .should().dependOnClassesThat().resideInAPackage(HEALTH);

    @ArchTest
    static final ArchRule noSynchronizedMethods = noMethods().that().areDeclaredInClassesThat()
            .resideInAPackage("io.tsunagu.ingest..")
            .should().haveModifier(JavaModifier.SYNCHRONIZED)
            .because("connection state is confined to its event loop (STYLE §6)");
}
