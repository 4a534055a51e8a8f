package io.banwatch;

import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints every skipped test and why on the console ("skipped: PrometheusIT ...: needs prometheus (apt-get install
 * prometheus)"), so a run that left out the live or server tests says so where people read, not only in the XML
 * reports. Registered for the JUnit Platform in {@code META-INF/services}.
 */
public final class SkippedTestsReporter implements TestExecutionListener {

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        print(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        // A failed assumption ends a test as ABORTED: that is how the integration tests skip themselves.
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            Optional<Throwable> why = result.getThrowable();
            print(test, why.map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private static void print(TestIdentifier test, String reason) {
        String where = test.getDisplayName();
        if (test.getSource().orElse(null) instanceof MethodSource method) {
            String className = method.getClassName();
            where = className.substring(className.lastIndexOf('.') + 1) + "." + method.getMethodName();
        } else if (test.getSource().orElse(null) instanceof ClassSource type) {
            where = type.getClassName().substring(type.getClassName().lastIndexOf('.') + 1);
        }
        String text = reason == null ? "" : reason.replace("Assumption failed: ", "");
        System.out.println("[WARNING] skipped: " + where + ": " + text);
    }
}
