package io.banwatch.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one fuzz test in this JVM ({@code scripts/fuzz.sh} starts one JVM per target, since Jazzer fuzzes one test per
 * JVM): {@code FuzzMain io.banwatch.fuzz.DnsFuzzTest#udpMessage}. Exits 1 when the target failed (a finding).
 */
public final class FuzzMain {

    private FuzzMain() {}

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: FuzzMain CLASS#METHOD");
            System.exit(2);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(args[0] + "(byte[])"))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        TestExecutionSummary result = summary.getSummary();
        result.printFailuresTo(new PrintWriter(System.err, true), 20);
        System.err.printf(
                "fuzz: %s: %d run, %d failed%n", args[0], result.getTestsStartedCount(), result.getTotalFailureCount());
        System.exit(result.getTotalFailureCount() == 0 && result.getTestsStartedCount() > 0 ? 0 : 1);
    }
}
