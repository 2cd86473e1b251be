package io.falcotcp.spring.cloud;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build writes for {@link FalcoDiscoveryProperties}, and its rows in
 * docs/configuration.md: every field is a property with a description, documented with its initial value.
 */
class DiscoveryConfigurationMetadataTests {

    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

    private static final Path DOCS = Path.of("../docs/configuration.md");

    @Test
    void everyPropertyIsDescribedAndDocumentedWithItsDefault() throws Exception {
        String metadata = Files.readString(METADATA);
        String docs = Files.readString(DOCS);
        FalcoDiscoveryProperties defaults = new FalcoDiscoveryProperties();
        int checked = 0;
        for (Field field : FalcoDiscoveryProperties.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String name = "falco.client.discovery."
                    + field.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            assertThat(metadata).as("metadata").containsPattern(
                    "\"name\": \"" + Pattern.quote(name) + "\",\\s*\"type\": \"[^\"]+\",\\s*\"description\": \"[^\"]+\"");
            Matcher row = Pattern.compile("^\\| `" + Pattern.quote(name) + "` \\| `([^`]+)` \\|", Pattern.MULTILINE)
                .matcher(docs);
            assertThat(row.find()).as("%s in docs/configuration.md", name).isTrue();
            field.setAccessible(true);
            assertThat(ApplicationConversionService.getSharedInstance().convert(row.group(1), field.getType()))
                .as("default of %s in docs/configuration.md", name)
                .isEqualTo(ReflectionUtils.getField(field, defaults));
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

}
