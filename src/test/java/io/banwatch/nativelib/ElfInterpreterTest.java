package io.banwatch.nativelib;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.OSInfo;

class ElfInterpreterTest {

    @TempDir
    Path folder;

    /** A 64-bit little-endian ELF header and two program headers, the second a PT_INTERP naming {@code loader}. */
    private static byte[] executable(String loader) {
        return executable(loader, 56);
    }

    /** As {@link #executable(String)}, each program header {@code entryBytes} long (e_phentsize). */
    private static byte[] executable(String loader, int entryBytes) {
        byte[] path = (loader + "\0").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer elf = ByteBuffer.allocate(64 + 2 * entryBytes + path.length).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1});
        elf.putLong(0x20, 64); // e_phoff
        elf.putShort(0x36, (short) entryBytes); // e_phentsize
        elf.putShort(0x38, (short) 2); // e_phnum
        elf.putInt(64, 6); // PT_PHDR
        elf.putInt(64 + entryBytes, 3); // PT_INTERP
        elf.putLong(64 + entryBytes + 8, 64 + 2 * entryBytes); // p_offset
        elf.putLong(64 + entryBytes + 32, path.length); // p_filesz
        elf.put(64 + 2 * entryBytes, path);
        return elf.array();
    }

    private Path file(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(folder, "exe", ""), bytes);
    }

    @Test
    void readsTheLoaderAnExecutableNames() throws Exception {
        assertThat(ElfInterpreter.of(file(executable("/lib/ld-musl-x86_64.so.1"))))
                .isEqualTo("/lib/ld-musl-x86_64.so.1");
        assertThat(ElfInterpreter.of(file(executable("/lib64/ld-linux-x86-64.so.2"))))
                .isEqualTo("/lib64/ld-linux-x86-64.so.2");
        // Program headers longer than Elf64_Phdr: read at their own stride.
        assertThat(ElfInterpreter.of(file(executable("/lib/ld-musl-x86_64.so.1", 64))))
                .isEqualTo("/lib/ld-musl-x86_64.so.1");
    }

    @Test
    void thisJvmsLoaderAgreesWithSqliteDriversOwnTestForMusl() {
        String loader = ElfInterpreter.of(Path.of("/proc/self/exe"));
        assertThat(loader)
                .as("the java executable is dynamically linked")
                .startsWith("/")
                .contains("ld-");
        assertThat(loader.contains("musl")).as("musl, as SQLite's driver tells").isEqualTo(OSInfo.isMusl());
    }

    @Test
    void whatIsNoExecutableOrIsCutShortGivesNoLoader() throws Exception {
        byte[] whole = executable("/lib/ld-musl-x86_64.so.1");
        assertThat(ElfInterpreter.of(file("#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII))))
                .isNull();
        assertThat(ElfInterpreter.of(file(new byte[0]))).isNull();
        for (int end : new int[] {10, 63, 64, 100, 64 + 2 * 56, whole.length - 5}) {
            assertThat(ElfInterpreter.of(file(Arrays.copyOf(whole, end))))
                    .as("cut at %d", end)
                    .isNull();
        }
        assertThat(ElfInterpreter.of(folder.resolve("missing"))).isNull();
        byte[] bigEndian = whole.clone();
        bigEndian[5] = 2;
        assertThat(ElfInterpreter.of(file(bigEndian))).isNull();
        assertThat(ElfInterpreter.of(file(executable("/lib/ld-musl-x86_64.so.1", 48))))
                .as("entries too short")
                .isNull();
        assertThat(ElfInterpreter.of(file(executable("/lib/ld-musl-x86_64.so.1", 300))))
                .as("entries too long")
                .isNull();
        byte[] noInterpreter = whole.clone();
        noInterpreter[64 + 56] = 1; // PT_LOAD instead of PT_INTERP
        assertThat(ElfInterpreter.of(file(noInterpreter))).isNull();
    }
}
