package io.falcotcp.spring.handler;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.spring.codec.PayloadCodecs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.annotation.Validated;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FalcoHandlerMethodValidationTests {

    private final LocalValidatorFactoryBean validator = validator();

    @AfterEach
    void closeValidator() {
        this.validator.close();
    }

    @Test
    void validatedGroupsChooseTheConstraintsThatApply() throws Exception {
        // "ab" breaks only the Strict group's @Size(min = 3), which @Valid does not check
        assertThat(invoke("lenient", "{\"name\":\"ab\"}")).isEqualTo("ab");
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> invoke("strict", "{\"name\":\"ab\"}"))
            .withMessageStartingWith("invalid Customer: name ")
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.BAD_REQUEST));
    }

    @Test
    void violationsAreListedSortedByField() {
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> invoke("lenient", "{\"name\":\" \",\"city\":\"\"}"))
            .satisfies((ex) -> assertThat(ex.getMessage()).matches("invalid Customer: city [^;]+; name [^;]+"));
    }

    @Test
    void nullBodyIsPassedWithoutValidation() throws Exception {
        assertThat(invoke("lenient", "null")).isEqualTo("none");
    }

    private String invoke(String name, String json) throws Exception {
        Method method = ReflectionUtils.findMethod(Handlers.class, name, (Class<?>[]) null);
        assertThat(method).isNotNull();
        FalcoHandlerMethod handlerMethod = FalcoHandlerMethod.create(new Handlers(), method, "", true,
                new PayloadCodecs(JsonMapper.shared()), this.validator, FalcoHandlerExceptionResolver.NONE);
        return new String(handlerMethod.invoke(json.getBytes(StandardCharsets.UTF_8), TestRequestContext.PLAIN_V1),
                StandardCharsets.UTF_8);
    }

    private static LocalValidatorFactoryBean validator() {
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        return validator;
    }

    interface Strict {

    }

    record Customer(@NotBlank @Size(min = 3, groups = Strict.class) String name, @Size(min = 1) String city) {
    }

    static class Handlers {

        String lenient(@Valid Customer customer) {
            return (customer != null) ? customer.name() : "none";
        }

        String strict(@Validated(Strict.class) Customer customer) {
            return customer.name();
        }

    }

}
