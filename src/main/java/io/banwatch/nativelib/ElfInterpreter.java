package io.banwatch.nativelib;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The program interpreter an ELF executable names (its {@code PT_INTERP} segment): the dynamic loader of the C library
 * it was linked against, {@code /lib64/ld-linux-x86-64.so.2} for glibc, {@code /lib/ld-musl-x86_64.so.1} for musl.
 * Reads 64-bit little-endian files only (x86-64, AArch64); anything else, or a file that is not one, gives null.
 *
 * <pre>
 * Elf64_Ehdr: e_ident[16] (0x7F 'E' 'L' 'F', class 2 = 64-bit, data 1 = little-endian), ..., e_phoff at 0x20 (8),
 *             ..., e_phentsize at 0x36 (2), e_phnum at 0x38 (2)
 * Elf64_Phdr: p_type (4; PT_INTERP = 3), p_flags (4), p_offset (8), p_vaddr (8), p_paddr (8), p_filesz (8), ...
 * </pre>
 *
 * (System V ABI, "ELF Header" and "Program Header"; elf(5).)
 */
public final class ElfInterpreter {

    private static final int HEADER_BYTES = 64;
    private static final int PT_INTERP = 3;
    // An Elf64_Phdr is 56 bytes; a larger e_phentsize leaves room at the end of each, up to this.
    private static final int PROGRAM_HEADER_BYTES = 56;
    private static final int MAX_PROGRAM_HEADER_BYTES = 256;
    // Executables have a dozen program headers; more than this is not an executable worth reading.
    private static final int MAX_PROGRAM_HEADERS = 256;
    // A loader's path: PATH_MAX.
    private static final int MAX_INTERPRETER_BYTES = 4_096;

    private ElfInterpreter() {}

    /** The interpreter {@code executable} names, or null (none, not 64-bit little-endian ELF, unreadable). */
    public static String of(Path executable) {
        try (FileChannel file = FileChannel.open(executable)) {
            ByteBuffer header = read(file, 0, HEADER_BYTES);
            if (header == null
                    || header.getInt(0) != 0x464C457F // 0x7F 'E' 'L' 'F', little-endian
                    || header.get(4) != 2
                    || header.get(5) != 1) {
                return null;
            }
            long programHeaders = header.getLong(0x20);
            int entryBytes = header.getShort(0x36) & 0xFFFF;
            int entries = header.getShort(0x38) & 0xFFFF;
            if (entryBytes < PROGRAM_HEADER_BYTES
                    || entryBytes > MAX_PROGRAM_HEADER_BYTES
                    || entries > MAX_PROGRAM_HEADERS
                    || programHeaders < 0) {
                return null;
            }
            ByteBuffer table = read(file, programHeaders, entryBytes * entries);
            if (table == null) {
                return null;
            }
            for (int at = 0; at < entryBytes * entries; at += entryBytes) {
                if (table.getInt(at) == PT_INTERP) {
                    long offset = table.getLong(at + 8);
                    long size = table.getLong(at + 32);
                    if (offset < 0 || size <= 0 || size > MAX_INTERPRETER_BYTES) {
                        return null;
                    }
                    ByteBuffer path = read(file, offset, (int) size);
                    return path == null ? null : text(path);
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code length} bytes at {@code position}, little-endian, or null when the file ends before. */
    private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (bytes.hasRemaining()) {
            if (file.read(bytes, position + bytes.position()) < 0) {
                return null;
            }
        }
        return bytes;
    }

    // The segment holds the path and its terminating NUL.
    private static String text(ByteBuffer path) {
        int end = 0;
        while (end < path.limit() && path.get(end) != 0) {
            end++;
        }
        return new String(path.array(), 0, end, StandardCharsets.ISO_8859_1);
    }
}
