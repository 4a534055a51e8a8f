import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the class files of a jar that are older than Java 6 (major version below 50) as Java 8 class files with
 * stack map frames, in place; the build runs it on the shaded jar (pom.xml, the package phase), with ASM on the class
 * path: {@code java -cp CLASSPATH scripts/ModernClassFiles.java target/banwatch.jar}.
 *
 * <p>Why: picocli ships Java 5 class files. The JVM's class-data archive and AOT cache (JEP 483, which bin/banwatch
 * makes) cannot hold those, so every start loaded picocli's classes from the jar and checked them with the old
 * type-inferring verifier, and the classes of banwatch that name picocli types stayed out of the cache with them:
 * 150 to 200 ms of a replay's start with the compilers busy beside it (README, Performance). The bytecode is not
 * changed, only the version and the frames the JVM's current verifier needs. A class that cannot be rewritten (one
 * using jsr/ret, which Java 7 and later class files may not hold) fails the build, naming it.
 */
public final class ModernClassFiles {

    /** Class files below this major version (Java 6) cannot be archived; 52 is Java 8. */
    private static final int FIRST_ARCHIVABLE = 50;

    private static final int REWRITTEN_VERSION = Opcodes.V1_8;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp ASM scripts/ModernClassFiles.java JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        int rewritten = 0;
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> classes = new ArrayList<>();
            try (Stream<Path> all = Files.walk(zip.getPath("/"))) {
                all.filter(p -> p.toString().endsWith(".class")).forEach(classes::add);
            }
            for (Path file : classes) {
                byte[] bytes = Files.readAllBytes(file);
                if (majorVersion(bytes) >= FIRST_ARCHIVABLE) {
                    continue;
                }
                try {
                    Files.write(file, rewrite(bytes));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("cannot rewrite " + file + " of " + jar + " as a Java 8 class file ("
                            + e + "); the library it comes from needs a release built for Java 6 or later, or its"
                            + " classes left out of this step", e);
                }
                rewritten++;
            }
        }
        System.out.println("ModernClassFiles: " + rewritten + " class files of " + jar.getFileName()
                + " rewritten as Java 8 class files with stack map frames");
    }

    /** The major version of a class file (bytes 6 and 7, big-endian), or -1 when it is not one. */
    static int majorVersion(byte[] classFile) {
        boolean magic = classFile.length >= 8
                && (classFile[0] & 0xFF) == 0xCA
                && (classFile[1] & 0xFF) == 0xFE
                && (classFile[2] & 0xFF) == 0xBA
                && (classFile[3] & 0xFF) == 0xBE;
        return magic ? (classFile[6] & 0xFF) << 8 | (classFile[7] & 0xFF) : -1;
    }

    /**
     * The class with version 52 and frames computed by ASM. Computing frames needs the common superclass of two
     * types, which ASM finds by loading them: picocli is on this program's class path.
     */
    static byte[] rewrite(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public void visit(
                            int version,
                            int access,
                            String name,
                            String signature,
                            String superName,
                            String[] interfaces) {
                        super.visit(REWRITTEN_VERSION, access, name, signature, superName, interfaces);
                    }
                },
                ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
