package io.gearmancdi.testing;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Compiles Java sources at test time (javac of the running JDK, test class path), e.g. without {@code -parameters}. */
public final class JavaSources {
    private JavaSources() {
    }

    /**
     * Compiles one class into {@code dir} (no {@code -parameters}) and returns a class loader over it, child of the test
     * class loader.
     */
    public static ClassLoader compile(Path dir, String className, String source, String... options) throws IOException {
        Path file = dir.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source, StandardCharsets.UTF_8);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), "-encoding", "UTF-8", "-proc:none"));
        args.addAll(List.of(options));
        args.add(file.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("javac failed: " + err.toString(StandardCharsets.UTF_8));
        }
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, JavaSources.class.getClassLoader());
    }
}
