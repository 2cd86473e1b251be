package io.falcotcp.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.LoadBalancing;
import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.transport.TransportKind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build writes into the jar ({@code target/classes/META-INF}): every field of the
 * {@code @ConfigurationProperties} classes is a property with a description (its javadoc) and, where the field has
 * a value, that value as the default; the additional metadata adds the health switch and the value hints; every
 * property is in docs/configuration.md with that default, and the docs name no other; the auto-configuration
 * metadata exists.
 */
class ConfigurationMetadataTests {

    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

    private static final Path AUTOCONFIGURE_METADATA = Path
        .of("target/classes/META-INF/spring-autoconfigure-metadata.properties");

    private static final Path DOCS = Path.of("../docs/configuration.md");

    private static final Pattern DOCUMENTED_PROPERTY = Pattern.compile("^\\| `(falco\\.[a-z0-9.-]+)`",
            Pattern.MULTILINE);

    /** A row whose default is one value: {@code | `falco.server.port` | `7878` | ...}. */
    private static final Pattern DOCUMENTED_DEFAULT = Pattern.compile("^\\| `(falco\\.[a-z0-9.-]+)` \\| `([^`|]+)` \\|",
            Pattern.MULTILINE);

    private static final Class<?>[] PROPERTIES_CLASSES = { FalcoServerProperties.class,
            FalcoClientProperties.class, FalcoKeyFileProperties.class };

    private final ConversionService conversion = ApplicationConversionService.getSharedInstance();

    @Test
    void everyPropertyHasADescription() throws Exception {
        Map<String, JsonNode> metadata = metadataProperties();
        Map<String, Field> fields = propertyFields();
        assertThat(fields).hasSizeGreaterThan(40);
        assertThat(metadata).containsKeys(fields.keySet().toArray(String[]::new));
        fields.keySet().forEach((name) -> assertThat(metadata.get(name).path("description").asString(""))
            .as("description (javadoc of the field) of %s", name).isNotBlank());
    }

    @Test
    void everyPropertyWithAValueHasItAsTheDefault() throws Exception {
        Map<String, JsonNode> metadata = metadataProperties();
        for (Map.Entry<String, Field> property : propertyFields().entrySet()) {
            Field field = property.getValue();
            Object value = ReflectionUtils.getField(field, field.getDeclaringClass().getDeclaredConstructor()
                .newInstance());
            JsonNode defaultValue = metadata.get(property.getKey()).path("defaultValue");
            if (value == null || value instanceof Collection<?> || value instanceof Map<?, ?>) {
                assertThat(defaultValue.isMissingNode()).as("no default of %s", property.getKey()).isTrue();
                continue;
            }
            assertThat(defaultValue.isMissingNode()).as("default of %s", property.getKey()).isFalse();
            assertThat(this.conversion.convert(defaultValue.asString(), field.getType()))
                .as("default of %s", property.getKey())
                .isEqualTo(value);
        }
    }

    @Test
    void theHealthSwitchesAreDescribedAndDocumented() throws Exception {
        String docs = Files.readString(DOCS);
        for (String name : List.of("management.health.falco.enabled", "management.health.falco.server.enabled",
                "management.health.falco.clients.enabled")) {
            JsonNode health = metadataProperties().get(name);
            assertThat(health).as(name).isNotNull();
            assertThat(health.path("type").asString()).isEqualTo("java.lang.Boolean");
            assertThat(health.path("description").asString()).isNotBlank();
            assertThat(health.path("defaultValue").asBoolean(false)).isTrue();
            assertThat(docs).as("docs/configuration.md").contains("`" + name + "`");
        }
    }

    @Test
    void enumeratedPropertiesHintEveryValueTheyAccept() throws Exception {
        Map<String, Class<? extends Enum<?>>> enumerated = Map.of("falco.server.transport", TransportKind.class,
                "falco.client.transport", TransportKind.class, "falco.server.crypto-engine", AeadEngine.class,
                "falco.client.crypto-engine", AeadEngine.class, "falco.client.mode", ClientMode.class,
                "falco.client.load-balancing", LoadBalancing.class);
        JsonNode hints = metadata().path("hints");
        for (Map.Entry<String, Class<? extends Enum<?>>> property : enumerated.entrySet()) {
            TreeSet<Object> hinted = new TreeSet<>();
            for (JsonNode hint : hints) {
                if (hint.path("name").asString().equals(property.getKey())) {
                    for (JsonNode value : hint.path("values")) {
                        assertThat(value.path("description").asString()).isNotBlank();
                        hinted.add(this.conversion.convert(value.path("value").asString(), property.getValue()));
                    }
                }
            }
            // the properties refuse the in-process transport: it is reached through falcotcp-spring-boot-test only
            Object[] accepted = Arrays.stream(property.getValue().getEnumConstants())
                .filter((value) -> value != TransportKind.LOCAL)
                .toArray();
            assertThat(hinted).as("values hinted for %s", property.getKey()).containsExactlyInAnyOrder(accepted);
        }
    }

    @Test
    void docsDescribeEveryPropertyAndNoOther() throws IOException {
        String docs = Files.readString(DOCS);
        Map<String, Field> fields = propertyFields();
        for (String name : fields.keySet()) {
            assertThat(docs).as("docs/configuration.md").contains("| `" + name);
        }
        Matcher documented = DOCUMENTED_PROPERTY.matcher(autoConfigurationSections(docs));
        while (documented.find()) {
            String name = documented.group(1);
            assertThat(fields.keySet()).as("%s, documented in docs/configuration.md", name)
                .anyMatch((property) -> name.equals(property) || name.startsWith(property + "."));
        }
    }

    /**
     * The sections of docs/configuration.md on this module's properties; {@code falco.test.*} has its own section and
     * belongs to falcotcp-spring-boot-test.
     */
    private static String autoConfigurationSections(String docs) {
        StringBuilder sections = new StringBuilder();
        for (String section : docs.split("\n## ")) {
            if (section.startsWith("Spring Boot properties")) {
                sections.append(section).append('\n');
            }
        }
        return sections.toString();
    }

    @Test
    void defaultsInTheDocsAreTheInitialValues() throws Exception {
        Map<String, Field> fields = propertyFields();
        Matcher documented = DOCUMENTED_DEFAULT.matcher(autoConfigurationSections(Files.readString(DOCS)));
        int checked = 0;
        while (documented.find()) {
            Field field = fields.get(documented.group(1));
            assertThat(field).as("%s, documented in docs/configuration.md", documented.group(1)).isNotNull();
            Object value = ReflectionUtils.getField(field, field.getDeclaringClass().getDeclaredConstructor()
                .newInstance());
            assertThat(this.conversion.convert(documented.group(2), field.getType()))
                .as("default of %s in docs/configuration.md", documented.group(1))
                .isEqualTo(value);
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void autoConfigurationsHaveMetadataForEarlyFiltering() throws IOException {
        Properties metadata = new Properties();
        try (Reader reader = Files.newBufferedReader(AUTOCONFIGURE_METADATA)) {
            metadata.load(reader);
        }
        assertThat(metadata).containsEntry(FalcoServerAutoConfiguration.class.getName() + ".ConditionalOnClass",
                "io.falcotcp.server.FalcoServer");
        assertThat(metadata).containsKey(FalcoMetricsAutoConfiguration.class.getName() + ".ConditionalOnClass");
    }

    private static JsonNode metadata() throws IOException {
        return JsonMapper.shared().readTree(Files.readAllBytes(METADATA));
    }

    private static Map<String, JsonNode> metadataProperties() throws IOException {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (JsonNode property : metadata().path("properties")) {
            properties.put(property.path("name").asString(), property);
        }
        return properties;
    }

    /**
     * The properties of the {@code @ConfigurationProperties} classes by name, from their fields and those of their
     * superclasses (the default client's settings, {@link FalcoClientConnectionProperties}, which targets share); a
     * field whose type is a class nested in its own (such as {@code falco.server.v02}) is a group of properties.
     */
    private static Map<String, Field> propertyFields() {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Class<?> type : PROPERTIES_CLASSES) {
            addFields(fields, type.getAnnotation(ConfigurationProperties.class).value(), type);
        }
        return fields;
    }

    private static void addFields(Map<String, Field> fields, String prefix, Class<?> type) {
        for (Class<?> declaring = type; declaring != Object.class; declaring = declaring.getSuperclass()) {
            addDeclaredFields(fields, prefix, type, declaring);
        }
    }

    /**
     * The fields {@code declaring} declares that are properties of {@code type}: those with a getter (state such as
     * the environment of {@link FalcoClientProperties} is not).
     */
    private static void addDeclaredFields(Map<String, Field> fields, String prefix, Class<?> type,
            Class<?> declaring) {
        for (Field field : declaring.getDeclaredFields()) {
            PropertyDescriptor descriptor = BeanUtils.getPropertyDescriptor(type, field.getName());
            if (Modifier.isStatic(field.getModifiers()) || descriptor == null || descriptor.getReadMethod() == null) {
                continue;
            }
            String name = prefix + "." + dashed(field.getName());
            if (field.getType().getDeclaringClass() == type && !field.getType().isEnum()) {
                addFields(fields, name, field.getType());
                continue;
            }
            field.setAccessible(true);
            fields.put(name, field);
        }
    }

    private static String dashed(String fieldName) {
        String name = fieldName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        assertThat(ConfigurationPropertyName.isValid(name)).as(name).isTrue();
        return name;
    }

}
