package io.falcotcp.spring.actuate;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks FalcoTCP keys in the actuator's {@code env} and {@code configprops} endpoints, also when they are set to
 * show values: every property under {@code falco} named {@code key}, {@code keys} or {@code previous-keys} (and each
 * element of such a list), in any spelling ({@code falco.client.targets.orders.key}, {@code FALCO_SERVER_KEY},
 * {@code falco.server.previousKeys[0]}), and the values that hold a whole command line or JSON configuration
 * ({@code sun.java.command}, {@code spring.application.json}) when they name a FalcoTCP key. Key files are paths,
 * not secrets, and stay visible.
 */
public class FalcoKeySanitizingFunction implements SanitizingFunction {

    private static final Set<String> KEY_NAMES = Set.of("key", "keys", "previouskeys");

    private static final Pattern NAME_SEPARATORS = Pattern.compile("[._\\[\\]]+");

    private static final Pattern CARRIERS = Pattern.compile("sun\\.java\\.command|spring[._]application[._]json",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern NAMES_A_KEY = Pattern.compile("falco.*key", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    @Override
    public SanitizableData apply(SanitizableData data) {
        return (isKey(data.getKey()) || carriesKey(data)) ? data.withSanitizedValue() : data;
    }

    /**
     * Whether a property name, as a property source spells it, is one of FalcoTCP's keys.
     * @param name the property name
     * @return {@code true} for the key properties of the server, the default client and every target
     */
    static boolean isKey(String name) {
        // one spelling for every source: FALCO_SERVER_KEY, falco.server.previous-keys[0], falco.server.previousKeys[0]
        String[] elements = NAME_SEPARATORS.split(name.toLowerCase(Locale.ROOT).replace("-", ""));
        int last = elements.length - 1;
        while (last > 0 && isIndex(elements[last])) {
            last--;
        }
        return last > 0 && elements[0].equals("falco") && KEY_NAMES.contains(elements[last]);
    }

    private static boolean isIndex(String element) {
        return !element.isEmpty() && element.chars().allMatch(Character::isDigit);
    }

    private static boolean carriesKey(SanitizableData data) {
        Object value = data.getValue();
        return value != null && CARRIERS.matcher(data.getKey()).matches()
                && NAMES_A_KEY.matcher(value.toString()).find();
    }

}
