package io.falcotcp.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.client.FalcoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The named targets under Spring AOT: the context is processed ahead of time, the generated code compiled and run
 * as an AOT-mode application runs it, and the target's client, injected by its qualifier, calls a real server.
 */
class FalcoClientTargetsAotTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private FalcoServer server;

    @BeforeEach
    void startServer() {
        this.server = FalcoServer.builder().key(FalcoKey.parse(KEY)).host("127.0.0.1").port(0)
            .handler((request, context) -> ("orders: " + new String(request, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8))
            .build();
        this.server.start();
    }

    @AfterEach
    void stopServer() {
        this.server.stop();
    }

    @Test
    void targetClientsAreProcessedAheadOfTimeAndCallTheirServer(@TempDir Path directory) throws Exception {
        Map<String, Object> properties = Map.of("falco.client.key", KEY, "falco.client.crypto-warm-up", "false",
                "falco.client.targets.orders.host", "127.0.0.1",
                "falco.client.targets.orders.port", String.valueOf(this.server.port()));
        GenericApplicationContext buildTime = context(properties);
        AnnotationConfigUtils.registerAnnotationConfigProcessors(buildTime);
        buildTime.registerBean(ClientConfiguration.class);
        InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get(FalcoClientTargetsAotTests.class)), files);
        ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(buildTime, generation);
        generation.writeGeneratedContent();
        String targetDefinition = files.getGeneratedFileContent(Kind.SOURCE,
                "io/falcotcp/spring/autoconfigure/FalcoClientTarget__BeanDefinitions.java");
        assertThat(targetDefinition).contains("FalcoClientTarget.create(").contains("\"orders\"");

        compileAndDefine(files, directory);
        try (GenericApplicationContext runTime = context(properties)) {
            @SuppressWarnings("unchecked")
            ApplicationContextInitializer<GenericApplicationContext> generated = (ApplicationContextInitializer<GenericApplicationContext>) Class
                .forName(initializer.reflectionName())
                .getDeclaredConstructor()
                .newInstance();
            generated.initialize(runTime);
            runTime.refresh();
            FalcoClient orders = BeanFactoryAnnotationUtils.qualifiedBeanOfType(runTime.getBeanFactory(),
                    FalcoClient.class, "orders");
            assertThat(orders.getName()).isEqualTo("orders");
            assertThat(runTime.getBean("ordersFalcoClient")).isSameAs(orders);
            assertThat(orders.send("list", String.class)).isEqualTo("orders: list");
        }
    }

    private static GenericApplicationContext context(Map<String, Object> properties) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
        return context;
    }

    /**
     * Compiles the generated sources and defines each class in the package (and class loader) of the class it was
     * generated for, as Spring AOT's own tests do, so that generated code may use package-private types.
     */
    private static void compileAndDefine(InMemoryGeneratedFiles files, Path directory) throws IOException,
            IllegalAccessException, ClassNotFoundException {
        Path sources = directory.resolve("sources");
        Path classes = Files.createDirectories(directory.resolve("classes"));
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), "-proc:none", "-nowarn"));
        for (Map.Entry<String, InputStreamSource> source : files.getGeneratedFiles(Kind.SOURCE).entrySet()) {
            Path file = sources.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            try (InputStream content = source.getValue().getInputStream()) {
                Files.copy(content, file);
            }
            arguments.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler.run(null, null, null, arguments.toArray(String[]::new))).as("javac exit code")
            .isZero();
        List<Path> classFiles;
        try (Stream<Path> walk = Files.walk(classes)) {
            classFiles = walk.filter((path) -> path.toString().endsWith(".class")).toList();
        }
        for (Path classFile : classFiles) {
            String name = classes.relativize(classFile).toString().replace('/', '.').replaceAll("\\.class$", "");
            MethodHandles.privateLookupIn(generatedFor(name), MethodHandles.lookup())
                .defineClass(Files.readAllBytes(classFile));
        }
    }

    /** The class a generated one was named after: {@code a.B__BeanDefinitions$C} and {@code a.B_C__Feature} for a.B. */
    private static Class<?> generatedFor(String generated) throws ClassNotFoundException {
        String name = generated.substring(0, generated.indexOf("__"));
        while (true) {
            try {
                return Class.forName(name);
            }
            catch (ClassNotFoundException ex) {
                int nested = name.lastIndexOf('_');
                if (nested < name.lastIndexOf('.')) {
                    throw ex;
                }
                name = name.substring(0, nested);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ FalcoCodecAutoConfiguration.class, FalcoClientAutoConfiguration.class })
    static class ClientConfiguration {

    }

}
