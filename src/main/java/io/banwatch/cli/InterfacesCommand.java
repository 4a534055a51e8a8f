package io.banwatch.cli;

import io.banwatch.decode.IpText;
import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code banwatch interfaces}: what libpcap can capture on. */
@Command(
        name = "interfaces",
        description = "List the interfaces banwatch can capture on.",
        mixinStandardHelpOptions = true)
final class InterfacesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CaptureException {
        PrintWriter out = spec.commandLine().getOut();
        List<Captures.InterfaceInfo> interfaces = Captures.interfaces();
        if (interfaces.isEmpty()) {
            out.println("No capture interfaces visible. Capturing needs root or CAP_NET_RAW and CAP_NET_ADMIN.");
            return ExitCodes.OK;
        }
        out.printf("%-16s %-5s %s%n", "INTERFACE", "STATE", "ADDRESSES / DESCRIPTION");
        for (Captures.InterfaceInfo i : interfaces) {
            String state = i.up() ? "up" : "down";
            String detail = i.addresses().stream()
                    .map(a -> IpText.format(a.getAddress()))
                    .collect(Collectors.joining(", "));
            if (i.description() != null && !i.description().isBlank()) {
                detail = detail.isEmpty() ? i.description() : detail + "  (" + i.description() + ")";
            }
            out.printf("%-16s %-5s %s%n", i.name(), state, detail);
        }
        return ExitCodes.OK;
    }
}
