package io.banwatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the browser on PATH and the flags that keep it offline; printing itself is tested in ReportIT. */
class PdfPrinterTest {

    @TempDir
    Path dir;

    private Path executable(Path folder, String name) throws Exception {
        Files.createDirectories(folder);
        return Files.createFile(
                folder.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @Test
    void theFirstKnownBrowserOnThePathIsUsed() throws Exception {
        executable(dir.resolve("a"), "google-chrome");
        Path chromium = executable(dir.resolve("b"), "chromium");
        String path = dir.resolve("a") + File.pathSeparator + dir.resolve("b");
        assertThat(PdfPrinter.find(path)).contains(chromium);
    }

    @Test
    void aFileThatIsNotExecutableIsNoBrowser() throws Exception {
        Files.createDirectories(dir.resolve("c"));
        Files.createFile(dir.resolve("c/chromium"));
        assertThat(PdfPrinter.find(dir.resolve("c").toString())).isEmpty();
        assertThat(PdfPrinter.find(null)).isEmpty();
    }

    @Test
    void theBrowserRunsWithoutNetworkOrProfile() {
        assertThat(PdfPrinter.offlineFlags(dir))
                .contains(
                        "--headless",
                        "--host-resolver-rules=MAP * ~NOTFOUND",
                        "--disable-background-networking",
                        "--user-data-dir=" + dir);
    }
}
